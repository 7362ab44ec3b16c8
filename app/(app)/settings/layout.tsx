import type { ReactNode } from 'react';
import { SettingsTabs } from '@/components/settings/settings-tabs';

export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <div className="space-y-4">
      <SettingsTabs />
      {children}
    </div>
  );
}
