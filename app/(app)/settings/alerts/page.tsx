import { AlertsSettings } from '@/components/settings/alerts/alerts-settings';
import { SettingsGuard } from '@/components/settings/settings-guard';

export default function AlertsSettingsPage() {
  return (
    <SettingsGuard action="alert.rule.write">
      <AlertsSettings />
    </SettingsGuard>
  );
}
