import { SettingsGuard } from '@/components/settings/settings-guard';
import { HostResourcesPanel } from '@/components/settings/host-resources/host-resources-panel';

export default function HostResourcesSettingsPage() {
  return (
    <SettingsGuard action="hostresource.read">
      <HostResourcesPanel />
    </SettingsGuard>
  );
}
