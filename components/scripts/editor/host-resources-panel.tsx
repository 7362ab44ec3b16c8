'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { serverProblem } from '@/components/scripts/server-problem';
import { useCan } from '@/components/shell/permissions';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';

const badge = 'inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset';
const tone = {
  granted: 'bg-green-50 text-green-700 ring-green-300 dark:bg-green-950 dark:text-green-300 dark:ring-green-800',
  suspended: 'bg-red-50 text-red-700 ring-red-300 dark:bg-red-950 dark:text-red-300 dark:ring-red-800',
};

/**
 * The script's host resources (issue #25): what its runs bind, whether each grant stands (and why
 * not), and, for someone who may change the script, the list to change. The server decides who
 * may grant what; resources the caller may not grant are shown but cannot be ticked.
 */
export function ScriptHostResourcesPanel({
  scriptId,
  version,
  allowNetwork,
}: {
  scriptId: string;
  version: number;
  allowNetwork: boolean;
}) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = useCan('script.write');
  const canList = useCan('hostresource.read');
  const declared = useQuery(trpc.hostResources.ofScript.queryOptions({ id: scriptId }));
  const all = useQuery({ ...trpc.hostResources.list.queryOptions(), enabled: canWrite && canList });
  const [editing, setEditing] = useState<string[] | null>(null);
  const { refetch } = declared;
  useEffect(() => {
    void refetch(); // a content save may have suspended a grant
  }, [version, refetch]);
  const set = useMutation(
    trpc.hostResources.setForScript.mutationOptions({
      onSuccess: async () => {
        setEditing(null);
        await queryClient.invalidateQueries({ queryKey: trpc.hostResources.ofScript.queryKey({ id: scriptId }) });
        await queryClient.invalidateQueries({ queryKey: trpc.hostResources.list.queryKey() });
      },
    }),
  );
  const items = declared.data?.items ?? [];
  const network = t('hostResources.script.network', {
    network: t(allowNetwork ? 'hostResources.script.networkOn' : 'hostResources.script.networkOff'),
  });
  return (
    <div className="space-y-3 text-sm" data-testid="script-host-resources">
      {declared.error && (
        <p role="alert" className="text-red-600">
          {declared.error.message}
        </p>
      )}
      {items.length === 0 && declared.data && (
        <p className="text-slate-500" data-testid="script-host-resources-none">
          {t('hostResources.script.none')}
        </p>
      )}
      <ul className="space-y-2">
        {items.map((r) => (
          <li
            key={r.id}
            className="rounded-md border border-slate-200 p-2 dark:border-slate-800"
            data-testid={`script-host-resource-${r.name}`}
          >
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-mono font-medium">{r.name}</span>
              <span className={`${badge} ${tone[r.state]}`}>{t(`hostResources.state.${r.state}`)}</span>
              <span className="text-slate-500">
                {t(`hostResources.kind.${r.kind}`)} · {t(`hostResources.mode.${r.mode}`)}
              </span>
            </div>
            <div className="font-mono text-xs text-slate-600 dark:text-slate-400">{r.path}</div>
            {r.reason && (
              <p
                className="mt-1 text-xs text-red-700 dark:text-red-400"
                data-testid={`script-host-resource-reason-${r.name}`}
              >
                {r.reason}
              </p>
            )}
          </li>
        ))}
      </ul>
      <p className="text-xs text-slate-500" data-testid="script-host-resources-network">
        {network}
      </p>
      {canWrite && canList && editing === null && (
        <Button
          variant="secondary"
          onClick={() => setEditing(items.map((i) => i.name))}
          data-testid="edit-host-resources"
        >
          {t('hostResources.script.edit')}
        </Button>
      )}
      {editing !== null && (
        <div className="space-y-2 rounded-md border border-slate-200 p-2 dark:border-slate-800">
          {all.data?.items.length === 0 && <p className="text-slate-500">{t('hostResources.script.noneDefined')}</p>}
          {all.data?.items.map((r) => {
            const on = editing.includes(r.name);
            const locked = !r.grantable && !on;
            return (
              <label key={r.id} className={`flex items-start gap-2 ${locked ? 'opacity-60' : ''}`}>
                <input
                  type="checkbox"
                  className="mt-0.5"
                  checked={on}
                  disabled={locked}
                  onChange={() => setEditing(on ? editing.filter((n) => n !== r.name) : [...editing, r.name])}
                  data-testid={`host-resource-choice-${r.name}`}
                />
                <span>
                  <span className="font-mono">{r.name}</span>{' '}
                  <span className="font-mono text-xs text-slate-500">{r.path}</span>{' '}
                  <span className="text-xs text-slate-500">
                    ({t(`hostResources.mode.${r.mode}`)}
                    {locked ? `; ${t('hostResources.script.notGrantable')}` : ''})
                  </span>
                </span>
              </label>
            );
          })}
          {set.error && (
            <p role="alert" className="text-xs text-red-600">
              {serverProblem(set.error)?.message}
            </p>
          )}
          <div className="flex gap-2">
            <Button
              onClick={() => set.mutate({ id: scriptId, host_resources: editing })}
              disabled={set.isPending}
              data-testid="save-host-resources"
            >
              {t('hostResources.script.save')}
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                setEditing(null);
                set.reset();
              }}
            >
              {t('hostResources.cancel')}
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
