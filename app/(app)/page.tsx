import { DashboardHealth } from '@/components/shell/dashboard-health';
import { serverT } from '@/components/i18n/server-locale';

export default async function DashboardPage() {
  const t = await serverT();
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">{t('dashboard.title')}</h1>
      <DashboardHealth />
    </div>
  );
}
