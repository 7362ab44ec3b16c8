'use client';
import Link from 'next/link';
import { useT } from '@/components/i18n/i18n-provider';
import { triggerLabelKey } from '@/components/executions/execution-labels';
import { elapsedMs, formatDateTime, formatDuration } from '@/components/executions/format';
import { StatusBadge } from '@/components/executions/status-badge';
import { useNow } from '@/components/executions/use-now';
import { Card } from '@/components/ui/card';
import type { LiveConnection, LiveFeed } from './use-live-feed';

const dot: Record<LiveConnection, string> = {
  connected: 'bg-green-500',
  connecting: 'bg-slate-400 animate-pulse',
  reconnecting: 'bg-orange-500 animate-pulse',
};

export function ConnectionIndicator({ connection }: { connection: LiveConnection }) {
  const t = useT();
  return (
    <span
      className="inline-flex items-center gap-1.5 text-xs font-normal text-slate-500 dark:text-slate-400"
      data-testid="live-connection"
      data-state={connection}
      role="status"
    >
      <span className={`inline-block h-2 w-2 rounded-full ${dot[connection]}`} aria-hidden />
      {t(`dashboard.live.${connection}`)}
    </span>
  );
}

const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500';
const td = 'px-3 py-1.5 whitespace-nowrap';

/** Running/queued counts and the newest runs, updated over the live feed without reloading. */
export function LiveSection({ feed }: { feed: LiveFeed }) {
  const t = useT();
  const snap = feed.snapshot;
  const now = useNow(!!snap?.recent.some((r) => r.status === 'running' || r.status === 'queued'));
  return (
    <Card
      className="lg:col-span-2"
      title={
        <div className="flex items-center justify-between gap-3">
          <span className="flex items-center gap-3">
            {t('dashboard.live.title')}
            <ConnectionIndicator connection={feed.connection} />
          </span>
          <span className="flex items-center gap-4 text-xs font-normal text-slate-600 dark:text-slate-300">
            <span>
              {t('dashboard.card.running')}:{' '}
              <b className="tabular-nums" data-testid="live-running">
                {snap?.running ?? '—'}
              </b>
            </span>
            <span>
              {t('dashboard.card.queued')}:{' '}
              <b className="tabular-nums" data-testid="live-queued">
                {snap?.queued ?? '—'}
              </b>
            </span>
          </span>
        </div>
      }
    >
      <div className="mb-2 text-xs font-medium text-slate-500">{t('dashboard.live.recent')}</div>
      {snap && snap.recent.length === 0 ? (
        <div className="py-6 text-center text-sm text-slate-500">{t('dashboard.live.empty')}</div>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm" data-testid="live-recent">
            <thead className="border-b border-slate-200 dark:border-slate-800">
              <tr>
                <th className={th}>{t('executions.field.script')}</th>
                <th className={th}>{t('executions.field.status')}</th>
                <th className={th}>{t('executions.field.trigger')}</th>
                <th className={th}>{t('executions.field.queuedAt')}</th>
                <th className={`${th} text-right`}>{t('executions.field.duration')}</th>
                <th className={`${th} text-right`}>{t('executions.field.exitCode')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {(snap?.recent ?? []).map((r) => (
                <tr key={r.id} data-testid="live-row" data-execution-id={r.id} data-status={r.status}>
                  <td className={td}>
                    <Link
                      href={`/executions/${r.id}`}
                      className="font-medium text-slate-900 hover:text-blue-600 dark:text-slate-100 dark:hover:text-blue-400"
                    >
                      {r.script_name ?? (
                        <span className="italic text-slate-500">{t('dashboard.chart.deletedScript')}</span>
                      )}
                    </Link>
                  </td>
                  <td className={td}>
                    <StatusBadge status={r.status} testId="live-row-status" />
                  </td>
                  <td className={`${td} text-slate-600 dark:text-slate-300`}>{t(triggerLabelKey[r.trigger_type])}</td>
                  <td className={`${td} tabular-nums text-slate-600 dark:text-slate-300`}>
                    {formatDateTime(r.queued_at)}
                  </td>
                  <td className={`${td} text-right tabular-nums`}>{formatDuration(elapsedMs(r, now), t)}</td>
                  <td className={`${td} text-right font-mono ${r.exit_code ? 'text-red-600 dark:text-red-400' : ''}`}>
                    {r.exit_code ?? '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {snap && (
        <div className="mt-2 text-right text-xs text-slate-400">
          {t('dashboard.live.updated', { time: formatDateTime(snap.at) })}
        </div>
      )}
    </Card>
  );
}
