import { SettingsGuard } from '@/components/settings/settings-guard';
import { ApiKeysPanel } from '@/components/settings/api-keys/api-keys-panel';

export default function ApiKeysSettingsPage() {
  return (
    <SettingsGuard action="apikey.manage">
      <ApiKeysPanel />
    </SettingsGuard>
  );
}
