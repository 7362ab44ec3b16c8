'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { useCan } from '@/components/shell/permissions';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { errorText } from '@/components/schedules/shared';
import { formatDateTime } from '@/components/ui/format-date';
import { targetHref } from '@/components/schedules/target-picker';
import { TriggerEditor, type TriggerItem } from './trigger-editor';
import { TriggerEvents } from './trigger-events';

const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500';
const td = 'px-3 py-2 align-top';

type Editing = { trigger: TriggerItem | null; tokenPath: string | null } | null;

export function TriggersView() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = useCan('trigger.write');
  const list = useQuery(trpc.triggers.list.queryOptions({ page_size: 200 }, { refetchInterval: 5000 }));
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<TriggerItem | null>(null);
  const remove = useMutation(
    trpc.triggers.delete.mutationOptions({
      onSuccess: async () => {
        if (editing?.trigger?.id === deleting?.id) setEditing(null);
        setDeleting(null);
        await queryClient.invalidateQueries({ queryKey: trpc.triggers.list.queryKey() });
      },
    }),
  );
  const items = list.data?.items ?? [];
  const current = editing?.trigger ? (items.find((i) => i.id === editing.trigger!.id) ?? editing.trigger) : null;

  return (
    <div className="space-y-4">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold">{t('nav.triggers')}</h1>
          <p className="text-sm text-slate-500">{t('triggers.intro')}</p>
        </div>
        {canWrite && !editing && (
          <Button onClick={() => setEditing({ trigger: null, tokenPath: null })} data-testid="new-trigger">
            {t('triggers.new')}
          </Button>
        )}
      </div>

      {editing && (
        <>
          <TriggerEditor
            key={`${current?.id ?? 'new'}:${editing.tokenPath ?? ''}:${current?.updated_at ?? ''}`}
            trigger={current}
            tokenPath={editing.tokenPath}
            onSaved={(saved) => setEditing({ trigger: saved, tokenPath: saved.webhook_path ?? editing.tokenPath })}
            onClose={() => setEditing(null)}
          />
          {current && <TriggerEvents triggerId={current.id} />}
        </>
      )}

      {list.error && (
        <p role="alert" className="text-sm text-red-600">
          {errorText(list.error)}
        </p>
      )}
      {list.data && items.length === 0 && (
        <p
          data-testid="triggers-empty"
          className="rounded-lg border border-dashed border-slate-300 px-4 py-10 text-center text-sm text-slate-500 dark:border-slate-700"
        >
          {t('triggers.empty')}
        </p>
      )}
      {items.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <table className="min-w-full text-sm" data-testid="triggers-table">
            <thead className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900/60">
              <tr>
                <th className={th}>{t('triggers.col.trigger')}</th>
                <th className={th}>{t('triggers.col.listensTo')}</th>
                <th className={th}>{t('triggers.field.target')}</th>
                <th className={th}>{t('triggers.col.lastFired')}</th>
                <th className={th}>{t('triggers.col.state')}</th>
                <th className={th} />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {items.map((x) => (
                <tr
                  key={x.id}
                  data-testid="trigger-row"
                  data-trigger-id={x.id}
                  className={current?.id === x.id ? 'bg-blue-50/50 dark:bg-blue-950/30' : ''}
                >
                  <td className={`${td} font-medium`}>{x.name}</td>
                  <td className={td}>
                    {x.event_pattern && <code className="font-mono text-xs">{x.event_pattern}</code>}
                    {x.filter && (
                      <div className="max-w-xs truncate font-mono text-xs text-slate-500" title={x.filter}>
                        {x.filter}
                      </div>
                    )}
                    {x.webhook_enabled && (
                      <span className="mt-1 inline-block rounded bg-purple-100 px-1.5 py-0.5 text-xs text-purple-800 dark:bg-purple-900/50 dark:text-purple-200">
                        {t('triggers.badge.webhook')}
                      </span>
                    )}
                  </td>
                  <td className={td}>
                    {x.target_name ? (
                      <Link href={targetHref(x.target_type, x.target_id)} className="hover:text-blue-600">
                        {x.target_name}
                      </Link>
                    ) : (
                      <span className="italic text-slate-500">{t('triggers.noTarget')}</span>
                    )}
                  </td>
                  <td className={`${td} whitespace-nowrap text-xs tabular-nums`}>
                    {x.last_fired_at ? formatDateTime(x.last_fired_at) : t('triggers.never')}
                  </td>
                  <td className={td}>
                    <span className={x.enabled ? 'text-green-700 dark:text-green-400' : 'text-slate-500'}>
                      {x.enabled ? t('triggers.state.enabled') : t('triggers.state.disabled')}
                    </span>
                  </td>
                  <td className={`${td} whitespace-nowrap text-right`}>
                    <div className="flex justify-end gap-1">
                      <Button
                        variant="ghost"
                        onClick={() => setEditing({ trigger: x, tokenPath: null })}
                        data-testid="trigger-edit"
                      >
                        {t('triggers.action.edit')}
                      </Button>
                      {canWrite && (
                        <Button variant="ghost" onClick={() => setDeleting(x)} data-testid="trigger-delete">
                          {t('triggers.action.delete')}
                        </Button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={!!deleting}
        title={t('triggers.delete.title')}
        confirmLabel={t('triggers.action.delete')}
        cancelLabel={t('triggers.action.cancel')}
        variant="danger"
        pending={remove.isPending}
        error={errorText(remove.error)}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
      >
        {t('triggers.delete.body')}
      </ConfirmDialog>
    </div>
  );
}
