import { SettingsGuard } from '@/components/settings/settings-guard';
import { UsersPanel } from '@/components/settings/users/users-panel';

export default function UsersSettingsPage() {
  return (
    <SettingsGuard action="user.manage">
      <UsersPanel />
    </SettingsGuard>
  );
}
