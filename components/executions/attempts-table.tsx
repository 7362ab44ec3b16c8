'use client';
import { useT } from '@/components/i18n/i18n-provider';
import { useServerMessage } from '@/components/i18n/server-message';
import { executionStatusList, type ExecutionDetail, type ExecutionStatus } from './execution-types';
import { elapsedMs, formatDateTime, formatDuration } from './format';
import { StatusBadge } from './status-badge';
import { useNow } from './use-now';

const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500';
const td = 'px-3 py-2 align-top';

// Attempt rows carry the status as a plain string; anything unknown is shown as text.
const asStatus = (s: string): ExecutionStatus | null =>
  (executionStatusList as string[]).includes(s) ? (s as ExecutionStatus) : null;

/**
 * Ended attempts (rows are written when an attempt ends), plus the one running now as a live row:
 * a running execution used to say "Not started yet".
 */
export function AttemptsTable(props: { attempts: ExecutionDetail['attempts']; execution?: ExecutionDetail }) {
  const { attempts, execution } = props;
  const t = useT();
  const serverText = useServerMessage();
  const ended = execution && attempts.some((a) => a.attempt === execution.attempt);
  const running = execution?.status === 'running' && !ended ? execution : null;
  const now = useNow(running !== null);
  if (!attempts.length && !running) {
    return <p className="text-sm italic text-slate-500">{t('executions.attempts.none')}</p>;
  }
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm" data-testid="attempts-table">
        <thead className="border-b border-slate-200 dark:border-slate-800">
          <tr>
            <th className={th}>#</th>
            <th className={th}>{t('executions.attempts.reason')}</th>
            <th className={th}>{t('executions.field.status')}</th>
            <th className={th}>{t('executions.field.exitCode')}</th>
            <th className={th}>{t('executions.field.startedAt')}</th>
            <th className={th}>{t('executions.field.finishedAt')}</th>
            <th className={th}>{t('executions.field.duration')}</th>
            <th className={th}>{t('executions.field.error')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {attempts.map((a) => {
            const status = asStatus(a.status);
            return (
              <tr key={a.attempt}>
                <td className={`${td} tabular-nums`}>{a.attempt}</td>
                <td className={`${td} whitespace-nowrap text-xs`} data-testid="attempt-reason">
                  {t(`executions.attempts.reason.${a.reason}`)}
                </td>
                <td className={td}>{status ? <StatusBadge status={status} /> : a.status}</td>
                <td className={`${td} font-mono`}>{a.exit_code ?? '—'}</td>
                <td className={`${td} whitespace-nowrap tabular-nums`}>{formatDateTime(a.started_at)}</td>
                <td className={`${td} whitespace-nowrap tabular-nums`}>{formatDateTime(a.finished_at)}</td>
                <td className={`${td} whitespace-nowrap tabular-nums`}>{formatDuration(a.duration_ms, t)}</td>
                <td className={`${td} max-w-md break-words text-xs text-red-700 dark:text-red-400`}>
                  {serverText({ code: a.error_code, params: a.error_params, message: a.error })}
                </td>
              </tr>
            );
          })}
          {running && (
            <tr data-testid="attempt-live">
              <td className={`${td} tabular-nums`}>{running.attempt}</td>
              <td className={`${td} whitespace-nowrap text-xs`}>
                {t(running.attempt === 1 ? 'executions.attempts.reason.first' : 'executions.attempts.reason.retry')}
              </td>
              <td className={td}>
                <StatusBadge status="running" />
              </td>
              <td className={`${td} font-mono`}>—</td>
              <td className={`${td} whitespace-nowrap tabular-nums`}>{formatDateTime(running.started_at)}</td>
              <td className={`${td} whitespace-nowrap tabular-nums`}>—</td>
              <td className={`${td} whitespace-nowrap tabular-nums`}>{formatDuration(elapsedMs(running, now), t)}</td>
              <td className={td} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
