import { WorkersTable } from '@/components/dashboard/workers-table';
import { serverT } from '@/components/i18n/server-locale';

export default async function WorkersPage() {
  const t = await serverT();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t('workers.title')}</h1>
        <p className="text-sm text-slate-500 dark:text-slate-400">{t('workers.subtitle')}</p>
      </div>
      <WorkersTable />
    </div>
  );
}
