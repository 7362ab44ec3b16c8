'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useT } from '@/components/i18n/i18n-provider';
import type { MessageKey } from '@/components/i18n/locale';
import { useTRPC } from '@/components/trpc/trpc-client';
import { shortId } from '@/components/executions/format';
import { formatDateTime } from '@/components/ui/format-date';
import { runHref } from '@/components/schedules/target-picker';
import { StatusBadge } from '@/components/executions/status-badge';
import type { ExecutionStatus } from '@/components/executions/execution-types';
import { Card } from '@/components/ui/card';

const outcomeKey: Record<string, MessageKey> = {
  started: 'triggers.outcome.started',
  duplicate: 'triggers.outcome.duplicate',
  filtered: 'triggers.outcome.filtered',
  refused: 'triggers.outcome.refused',
  error: 'triggers.outcome.error',
};

const statuses = new Set(['queued', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled']);

/** Events and webhook deliveries that reached one trigger, with the runs they started. */
export function TriggerEvents({ triggerId }: { triggerId: string }) {
  const t = useT();
  const trpc = useTRPC();
  const q = useQuery(
    trpc.triggers.events.queryOptions({ trigger_id: triggerId, page_size: 20 }, { refetchInterval: 3000 }),
  );
  const items = q.data?.items ?? [];
  return (
    <Card title={t('triggers.events.title')}>
      {items.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="trigger-events-empty">
          {t('triggers.events.empty')}
        </p>
      ) : (
        <table className="min-w-full text-sm" data-testid="trigger-events">
          <thead>
            <tr className="text-left text-xs uppercase text-slate-500">
              <th className="py-1 pr-3">{t('triggers.events.received')}</th>
              <th className="py-1 pr-3">{t('triggers.events.type')}</th>
              <th className="py-1 pr-3">{t('triggers.events.outcome')}</th>
              <th className="py-1">{t('triggers.events.run')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {items.map((e) => {
              const d = e.deliveries.find((x) => x.trigger_id === triggerId);
              return (
                <tr key={e.id} data-testid="trigger-event-row" data-event-id={e.id}>
                  <td className="py-1 pr-3 whitespace-nowrap tabular-nums text-xs">{formatDateTime(e.received_at)}</td>
                  <td className="py-1 pr-3 font-mono text-xs">{e.type}</td>
                  <td className="py-1 pr-3 text-xs">
                    {d ? t(outcomeKey[d.outcome] ?? 'triggers.outcome.error') : '—'}
                    {d?.error && <div className="text-amber-700 dark:text-amber-400">{d.error}</div>}
                  </td>
                  <td className="py-1 text-xs">
                    {d?.run_id && d.run_kind && (
                      <Link
                        href={runHref(d.run_kind, d.run_id)}
                        className="inline-flex items-center gap-2 hover:text-blue-600"
                        data-testid="trigger-event-run"
                      >
                        {d.run_status && statuses.has(d.run_status) && (
                          <StatusBadge status={d.run_status as ExecutionStatus} />
                        )}
                        <span className="font-mono">{shortId(d.run_id)}</span>
                      </Link>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Card>
  );
}
