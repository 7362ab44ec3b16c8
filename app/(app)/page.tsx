import { DashboardHealth } from '@/components/shell/dashboard-health';
import { DashboardView } from '@/components/dashboard/dashboard-view';
import { serverT } from '@/components/i18n/server-locale';

export default async function DashboardPage() {
  const t = await serverT();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t('dashboard.title')}</h1>
        <p className="text-sm text-slate-500 dark:text-slate-400">{t('dashboard.subtitle')}</p>
      </div>
      <DashboardView />
      <DashboardHealth />
    </div>
  );
}
