'use client';
import type { ReactNode } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { useCan } from '@/components/shell/permissions';
import type { Action } from '@/server/auth/permissions';

/** A section opened by URL without the right: say so instead of showing failing requests. */
export function SettingsGuard({ action, children }: { action: Action; children: ReactNode }) {
  const t = useT();
  if (!useCan(action)) {
    return (
      <p className="text-sm text-slate-500" data-testid="settings-forbidden">
        {t('settings.forbidden')}
      </p>
    );
  }
  return <>{children}</>;
}
