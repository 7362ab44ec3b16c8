import { SettingsGuard } from '@/components/settings/settings-guard';
import { SecretsPanel } from '@/components/settings/secrets/secrets-panel';

export default function SecretsSettingsPage() {
  return (
    <SettingsGuard action="secret.read">
      <SecretsPanel />
    </SettingsGuard>
  );
}
