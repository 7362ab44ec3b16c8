'use client';
import Link from 'next/link';
import { useMemo, type ReactNode } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { useServerMessage } from '@/components/i18n/server-message';
import { triggerLabelKey } from './execution-labels';
import { isFinalStatus, type ExecutionDetail, type LogLine } from './execution-types';
import { elapsedMs, formatBytes, formatDateTime, formatDuration, shortId } from './format';
import { useNow } from './use-now';

function Item({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd data-testid={testId} className="mt-0.5 truncate text-sm text-slate-900 dark:text-slate-100">
        {children}
      </dd>
    </div>
  );
}

const RERUN_PREFIX = 'rerun:';

const utf8 = new TextEncoder();

/**
 * `streamedLines` are the log lines received live: the stored log size is only written when the
 * run ends, so while it streams the size is counted from them ("Log size 0 B" during a run).
 */
export function ExecutionMeta(props: { execution: ExecutionDetail; streamedLines?: readonly LogLine[] }) {
  const { execution: e, streamedLines } = props;
  const t = useT();
  const serverText = useServerMessage();
  const live = !isFinalStatus(e.status);
  const now = useNow(live);
  const streamedBytes = useMemo(
    () => (streamedLines ?? []).reduce((n, l) => n + utf8.encode(l.text).length + 1, 0),
    [streamedLines],
  );
  const logBytes = live ? Math.max(e.log_bytes ?? 0, streamedBytes) : e.log_bytes;
  const rerunOf = e.trigger_ref?.startsWith(RERUN_PREFIX) ? e.trigger_ref.slice(RERUN_PREFIX.length) : null;
  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-4 sm:grid-cols-3 lg:grid-cols-4">
      <Item label={t('executions.field.script')} testId="meta-script">
        {e.script_id ? (
          <Link
            href={`/scripts/${e.script_id}`}
            className="font-medium text-blue-600 hover:underline dark:text-blue-400"
          >
            {e.script_name ?? shortId(e.script_id)}
          </Link>
        ) : (
          <span className="italic text-slate-500">{t('executions.script.deleted')}</span>
        )}
      </Item>
      <Item label={t('executions.field.version')}>{e.script_version != null ? `v${e.script_version}` : '—'}</Item>
      <Item label={t('executions.field.trigger')} testId="meta-trigger">
        {t(triggerLabelKey[e.trigger_type])}
        {rerunOf ? (
          <Link
            href={`/executions/${rerunOf}`}
            className="ml-1.5 font-mono text-xs text-blue-600 hover:underline dark:text-blue-400"
          >
            {t('executions.meta.rerunOf', { id: shortId(rerunOf) })}
          </Link>
        ) : (
          e.trigger_ref && <span className="ml-1.5 font-mono text-xs text-slate-500">{e.trigger_ref}</span>
        )}
      </Item>
      <Item label={t('executions.field.attempt')}>
        {e.attempt}/{e.max_attempts}
      </Item>
      <Item label={t('executions.field.queuedAt')}>{formatDateTime(e.queued_at)}</Item>
      <Item label={t('executions.field.startedAt')}>{formatDateTime(e.started_at)}</Item>
      <Item label={t('executions.field.finishedAt')}>{formatDateTime(e.finished_at)}</Item>
      <Item label={t('executions.field.duration')} testId="meta-duration">
        <span className="tabular-nums">{formatDuration(elapsedMs(e, now), t)}</span>
      </Item>
      <Item label={t('executions.field.timeout')}>{formatDuration(e.timeout * 1000, t)}</Item>
      <Item label={t('executions.field.worker')}>
        <span className="font-mono text-xs">{e.worker_id ?? '—'}</span>
      </Item>
      <Item label={t('executions.field.cpuTime')}>{formatDuration(e.cpu_time_ms, t)}</Item>
      <Item label={t('executions.field.peakMemory')}>{formatBytes(e.peak_memory_bytes)}</Item>
      <Item label={t('executions.field.exitCode')} testId="meta-exit-code">
        <span className={`font-mono ${e.exit_code ? 'text-red-600 dark:text-red-400' : ''}`}>{e.exit_code ?? '—'}</span>
      </Item>
      <Item label={t('executions.field.logSize')} testId="meta-log-size">
        {formatBytes(logBytes)}
        {e.log_truncated && (
          <span className="ml-1.5 text-xs text-amber-600 dark:text-amber-400">{t('executions.meta.truncated')}</span>
        )}
      </Item>
      {e.error && (
        <div className="col-span-full">
          <dt className="text-xs font-medium text-slate-500">{t('executions.field.error')}</dt>
          <dd
            data-testid="meta-error"
            className="mt-1 whitespace-pre-wrap rounded-md border border-red-200 bg-red-50 px-3 py-2 font-mono text-xs text-red-700 dark:border-red-900 dark:bg-red-950 dark:text-red-300"
          >
            {serverText({ code: e.error_code, params: e.error_params, message: e.error })}
          </dd>
        </div>
      )}
    </dl>
  );
}
