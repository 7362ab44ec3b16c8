'use client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/trpc-client';
import { isRole } from '../settings-format';
import { ApiKeysTable } from './api-keys-table';
import { CreateKeyForm } from './create-key-form';
import { NewKeyBox } from './new-key-box';

export function ApiKeysPanel() {
  const t = useT();
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  // Held in memory only: leaving the page loses the key for good, as the warning says.
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const myRole = me.data && isRole(me.data.role) ? me.data.role : null;
  return (
    <div className="space-y-4" data-testid="api-keys-panel">
      <p className="text-sm text-slate-600 dark:text-slate-400">{t('settings.keys.intro')}</p>
      {created && <NewKeyBox name={created.name} value={created.key} onDone={() => setCreated(null)} />}
      {myRole && <CreateKeyForm myRole={myRole} onCreated={setCreated} />}
      {keys.error && (
        <p role="alert" className="text-sm text-red-600">
          {keys.error.message}
        </p>
      )}
      {keys.data ? (
        <ApiKeysTable keys={keys.data} />
      ) : (
        !keys.error && <p className="text-sm text-slate-500">{t('common.loading')}</p>
      )}
    </div>
  );
}
