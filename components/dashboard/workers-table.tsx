'use client';
import { useQuery } from '@tanstack/react-query';
import { useT } from '@/components/i18n/i18n-provider';
import { formatDateTime, formatDuration } from '@/components/executions/format';
import { useNow } from '@/components/executions/use-now';
import { useTRPC } from '@/components/trpc/trpc-client';
import type { SandboxEnforcement } from '@/server/queue/workers-registry';

const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500';
const td = 'px-3 py-2 whitespace-nowrap';

/** What the worker's sandboxes enforce, and a warning while it takes no runs. */
function LimitsCell({ limits, refusing }: { limits?: SandboxEnforcement; refusing: string | null }) {
  const t = useT();
  if (!limits) return <span className="text-slate-400">–</span>;
  const items: Array<[string, boolean]> = [
    [t('workers.limit.memory'), limits.memory],
    [t('workers.limit.pids'), limits.pids],
    [t('workers.limit.cpu'), limits.cpu],
    [t('workers.limit.disk'), limits.diskQuota],
    [t('workers.limit.seccomp'), limits.seccomp],
  ];
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap gap-1" title={limits.note ?? (limits.cgroup ? `cgroup ${limits.cgroup}` : '')}>
        {items.map(([label, on]) => (
          <span
            key={label}
            className={
              on
                ? 'rounded bg-emerald-50 px-1.5 py-0.5 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300'
                : 'rounded bg-orange-50 px-1.5 py-0.5 text-orange-700 line-through dark:bg-orange-950 dark:text-orange-300'
            }
          >
            {label}
          </span>
        ))}
      </div>
      {!limits.cgroup && <div className="text-orange-700 dark:text-orange-300">{t('workers.limit.rlimitsOnly')}</div>}
      {refusing && (
        <div className="text-red-700 dark:text-red-300" data-testid="worker-refusing" role="status">
          {t('workers.refusing', { reason: refusing })}
        </div>
      )}
    </div>
  );
}

/** Every connected worker, refreshed every few seconds (heartbeats come every 5 s). */
export function WorkersTable() {
  const t = useT();
  const trpc = useTRPC();
  const workers = useQuery(trpc.executions.workers.queryOptions(undefined, { refetchInterval: 5_000 }));
  const now = useNow(true);
  if (workers.error)
    return (
      <p className="text-sm text-red-600" role="alert">
        {t('dashboard.error', { message: workers.error.message })}
      </p>
    );
  if (!workers.data) return <p className="text-sm text-slate-500">{t('common.loading')}</p>;
  const list = [...workers.data].sort((a, b) => a.host.localeCompare(b.host) || a.pid - b.pid);
  return (
    <div className="space-y-2">
      <div className="text-sm text-slate-600 dark:text-slate-300" data-testid="workers-count">
        {t('workers.count', { n: list.length })}
      </div>
      {list.length === 0 ? (
        <p
          className="rounded-lg border border-orange-200 bg-orange-50 px-4 py-3 text-sm text-orange-800 dark:border-orange-900 dark:bg-orange-950 dark:text-orange-200"
          data-testid="workers-empty"
        >
          {t('workers.empty')}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <table className="min-w-full text-sm" data-testid="workers-table">
            <thead className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900/60">
              <tr>
                <th className={th}>{t('workers.col.host')}</th>
                <th className={th}>{t('workers.col.pid')}</th>
                <th className={`${th} text-right`}>{t('workers.col.running')}</th>
                <th className={`${th} text-right`}>{t('workers.col.concurrency')}</th>
                <th className={th}>{t('workers.col.uptime')}</th>
                <th className={th}>{t('workers.col.heartbeat')}</th>
                <th className={th}>{t('workers.col.python')}</th>
                <th className={th}>{t('workers.col.bash')}</th>
                <th className={th}>{t('workers.col.limits')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {list.map((w) => (
                <tr key={w.id} data-testid="worker-row" data-worker-id={w.id} title={w.id}>
                  <td className={`${td} font-medium`}>{w.host}</td>
                  <td className={`${td} font-mono`}>{w.pid}</td>
                  <td className={`${td} text-right tabular-nums`} data-testid="worker-running">
                    {w.running}
                  </td>
                  <td className={`${td} text-right tabular-nums`}>{w.concurrency}</td>
                  <td className={`${td} tabular-nums`} title={formatDateTime(w.startedAt)}>
                    {formatDuration(Math.max(0, now - Date.parse(w.startedAt)), t)}
                  </td>
                  <td className={`${td} tabular-nums`} title={formatDateTime(w.heartbeatAt)}>
                    {t('workers.ago', { n: Math.max(0, Math.round((now - Date.parse(w.heartbeatAt)) / 1000)) })}
                  </td>
                  <td className={`${td} font-mono text-xs`}>{w.python}</td>
                  <td className={`${td} font-mono text-xs`}>{w.bash}</td>
                  <td className={`${td} text-xs`} data-testid="worker-limits">
                    <LimitsCell limits={w.limits} refusing={w.refusing ?? null} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
