'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useT, useUiPrefs } from '@/components/i18n/i18n-provider';
import type { MessageKey } from '@/components/i18n/locale';
import { useCan } from '@/components/shell/permissions';
import { useTRPC } from '@/components/trpc/trpc-client';
import { StatusBadge } from '@/components/executions/status-badge';
import type { ExecutionStatus } from '@/components/executions/execution-types';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ScheduleEditor, type ScheduleItem } from './schedule-editor';
import { runHref, targetHref } from './target-picker';
import { formatDateTimeInZone } from '@/components/ui/format-date';
import { errorText, explainCron } from './shared';

const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500';
const td = 'px-3 py-2 align-top';

const outcomeKey: Record<string, MessageKey> = {
  skipped_overlap: 'schedules.outcome.skipped_overlap',
  missed: 'schedules.outcome.missed',
  refused: 'schedules.outcome.refused',
};

/** Schedules with their next and last run; refreshed every few seconds so ticks show up. */
export function SchedulesView() {
  const t = useT();
  const { locale } = useUiPrefs();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = useCan('schedule.write');
  const list = useQuery(trpc.schedules.list.queryOptions({ page_size: 200 }, { refetchInterval: 3000 }));
  const [editing, setEditing] = useState<ScheduleItem | 'new' | null>(null);
  const [deleting, setDeleting] = useState<ScheduleItem | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.schedules.list.queryKey() });
  const pause = useMutation(trpc.schedules.pause.mutationOptions({ onSuccess: refresh }));
  const resume = useMutation(trpc.schedules.resume.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(
    trpc.schedules.delete.mutationOptions({
      onSuccess: async () => {
        setDeleting(null);
        await refresh();
      },
    }),
  );
  const items = list.data?.items ?? [];

  return (
    <div className="space-y-4">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold">{t('nav.schedules')}</h1>
          <p className="text-sm text-slate-500">{t('schedules.intro')}</p>
        </div>
        {canWrite && !editing && (
          <Button onClick={() => setEditing('new')} data-testid="new-schedule">
            {t('schedules.new')}
          </Button>
        )}
      </div>

      {editing && (
        <ScheduleEditor
          key={editing === 'new' ? 'new' : editing.id}
          schedule={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}

      {list.error && (
        <p role="alert" className="text-sm text-red-600">
          {errorText(list.error)}
        </p>
      )}
      {!list.data && !list.error && <p className="text-sm text-slate-500">{t('common.loading')}</p>}
      {list.data && items.length === 0 && (
        <p
          data-testid="schedules-empty"
          className="rounded-lg border border-dashed border-slate-300 px-4 py-10 text-center text-sm text-slate-500 dark:border-slate-700"
        >
          {t('schedules.empty')}
        </p>
      )}
      {items.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <table className="min-w-full text-sm" data-testid="schedules-table">
            <thead className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900/60">
              <tr>
                <th className={th}>{t('schedules.field.name')}</th>
                <th className={th}>{t('schedules.col.schedule')}</th>
                <th className={th}>{t('schedules.field.target')}</th>
                <th className={th}>{t('schedules.col.nextRun')}</th>
                <th className={th}>{t('schedules.col.lastRun')}</th>
                <th className={th}>{t('schedules.col.state')}</th>
                <th className={th} />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {items.map((s) => (
                <tr key={s.id} data-testid="schedule-row" data-schedule-id={s.id}>
                  <td className={`${td} font-medium`}>{s.name}</td>
                  <td className={td}>
                    <code className="font-mono text-xs">{s.cron_expression}</code>
                    <div className="text-xs text-slate-500">
                      {explainCron(s.cron_expression, locale)} · {s.timezone}
                    </div>
                  </td>
                  <td className={td}>
                    {s.target_name ? (
                      <Link href={targetHref(s.target_type, s.target_id)} className="hover:text-blue-600">
                        {s.target_name}
                      </Link>
                    ) : (
                      <span className="italic text-slate-500">{t('schedules.noTarget')}</span>
                    )}
                  </td>
                  <td className={`${td} whitespace-nowrap tabular-nums text-xs`} data-testid="schedule-next-run">
                    {s.next_run_at ? formatDateTimeInZone(s.next_run_at, s.timezone) : '—'}
                  </td>
                  <td className={`${td} text-xs`} data-testid="schedule-last-run">
                    {s.last_execution_id && s.last_run_status ? (
                      <Link
                        href={runHref(s.target_type === 'script' ? 'execution' : 'workflow_run', s.last_execution_id)}
                        className="inline-flex items-center gap-2"
                        data-testid="schedule-last-run-link"
                      >
                        <StatusBadge status={s.last_run_status as ExecutionStatus} />
                      </Link>
                    ) : null}
                    <div className="tabular-nums text-slate-500">
                      {s.last_fired_at ? formatDateTimeInZone(s.last_fired_at, s.timezone) : t('schedules.never')}
                    </div>
                    {s.last_outcome && outcomeKey[s.last_outcome] && (
                      <div className="text-amber-700 dark:text-amber-400" title={s.last_error ?? undefined}>
                        {t(outcomeKey[s.last_outcome]!)}
                        {s.last_error ? `: ${s.last_error}` : ''}
                      </div>
                    )}
                  </td>
                  <td className={td}>
                    <span
                      data-testid="schedule-state"
                      data-enabled={s.enabled}
                      className={s.enabled ? 'text-green-700 dark:text-green-400' : 'text-slate-500'}
                    >
                      {s.enabled ? t('schedules.state.active') : t('schedules.state.paused')}
                    </span>
                  </td>
                  <td className={`${td} whitespace-nowrap text-right`}>
                    {canWrite && (
                      <div className="flex justify-end gap-1">
                        {s.enabled ? (
                          <Button
                            variant="ghost"
                            onClick={() => pause.mutate({ id: s.id })}
                            data-testid="schedule-pause"
                          >
                            {t('schedules.action.pause')}
                          </Button>
                        ) : (
                          <Button
                            variant="ghost"
                            onClick={() => resume.mutate({ id: s.id })}
                            data-testid="schedule-resume"
                          >
                            {t('schedules.action.resume')}
                          </Button>
                        )}
                        <Button variant="ghost" onClick={() => setEditing(s)} data-testid="schedule-edit">
                          {t('schedules.action.edit')}
                        </Button>
                        <Button variant="ghost" onClick={() => setDeleting(s)} data-testid="schedule-delete">
                          {t('schedules.action.delete')}
                        </Button>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={!!deleting}
        title={t('schedules.delete.title')}
        confirmLabel={t('schedules.action.delete')}
        cancelLabel={t('schedules.action.cancel')}
        variant="danger"
        pending={remove.isPending}
        error={errorText(remove.error)}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
      >
        {t('schedules.delete.body')}
      </ConfirmDialog>
    </div>
  );
}
