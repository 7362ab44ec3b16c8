import { Suspense } from 'react';
import { serverT } from '@/components/i18n/server-locale';
import { ExecutionsList } from '@/components/executions/executions-list';

export default async function ExecutionsPage() {
  const t = await serverT();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t('nav.executions')}</h1>
        <p className="text-sm text-slate-500">{t('executions.list.intro')}</p>
      </div>
      {/* The list reads its filters from the URL (useSearchParams), which needs a Suspense boundary. */}
      <Suspense fallback={<p className="text-sm text-slate-500">{t('common.loading')}</p>}>
        <ExecutionsList />
      </Suspense>
    </div>
  );
}
