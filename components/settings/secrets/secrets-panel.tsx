'use client';
import { useQuery } from '@tanstack/react-query';
import { useT } from '@/components/i18n/i18n-provider';
import { useCan } from '@/components/shell/permissions';
import { useTRPC } from '@/components/trpc/trpc-client';
import { SecretForm } from './secret-form';
import { secretRef, SecretsTable } from './secrets-table';

export function SecretsPanel() {
  const t = useT();
  const trpc = useTRPC();
  const canWrite = useCan('secret.write');
  const secrets = useQuery(trpc.secrets.list.queryOptions());
  const [before, after] = t('settings.secrets.hint').split('{ref}');
  return (
    <div className="space-y-4" data-testid="secrets-panel">
      <div className="space-y-1 text-sm text-slate-600 dark:text-slate-400">
        <p>{t('settings.secrets.intro')}</p>
        <p data-testid="secret-hint">
          {before}
          <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-800 dark:bg-slate-800 dark:text-slate-200">
            {secretRef('NAME')}
          </code>
          {after}
        </p>
      </div>
      {canWrite && <SecretForm />}
      {secrets.error && (
        <p role="alert" className="text-sm text-red-600">
          {secrets.error.message}
        </p>
      )}
      {secrets.data ? (
        <SecretsTable secrets={secrets.data} />
      ) : (
        !secrets.error && <p className="text-sm text-slate-500">{t('common.loading')}</p>
      )}
    </div>
  );
}
