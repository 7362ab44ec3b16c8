import { Suspense } from 'react';
import { SettingsGuard } from '@/components/settings/settings-guard';
import { AuditPanel } from '@/components/settings/audit/audit-panel';

// The filters are read from the URL (useSearchParams), which needs a Suspense boundary.
export default function AuditSettingsPage() {
  return (
    <SettingsGuard action="audit.read">
      <Suspense>
        <AuditPanel />
      </Suspense>
    </SettingsGuard>
  );
}
