'use client';
import Link from 'next/link';
import { useMemo } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { useServerMessage } from '@/components/i18n/server-message';
import { ConfirmRunAction } from './confirm-run-action';
import { isFinalStatus, type ExecutionDetail } from './execution-types';
import { elapsedMs, formatDuration } from './format';
import { JsonBlock } from './json-block';
import { LiveLog } from './live-log';
import { toDisplayLines } from './log-lines';
import { StatusBadge } from './status-badge';
import type { ExecutionStream } from './use-execution-stream';
import { useNow } from './use-now';

export type RunSummary = Pick<
  ExecutionDetail,
  'id' | 'status' | 'exit_code' | 'result' | 'error' | 'duration_ms' | 'started_at' | 'finished_at'
> &
  Partial<Pick<ExecutionDetail, 'error_code' | 'error_params'>>;

/** The outcome of the run just started: status, timing, live log, result, and a way to stop it. */
export function RunResult(props: {
  execution: RunSummary;
  stream: ExecutionStream;
  canCancel: boolean;
  cancelling: boolean;
  cancelError: string | null;
  onCancel(): void;
}) {
  const t = useT();
  const serverText = useServerMessage();
  const exec = props.execution;
  const final = isFinalStatus(exec.status);
  const now = useNow(!final);
  const lines = useMemo(() => toDisplayLines(props.stream.lines), [props.stream.lines]);
  return (
    <div
      className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800"
      data-testid="run-result"
      data-execution-id={exec.id}
    >
      <div className="flex flex-wrap items-center gap-x-5 gap-y-2 text-sm">
        <StatusBadge status={exec.status} testId="run-status" />
        <span className="text-slate-500">
          {t('executions.field.duration')}{' '}
          <span data-testid="run-duration" className="font-medium tabular-nums text-slate-800 dark:text-slate-200">
            {formatDuration(elapsedMs(exec, now), t)}
          </span>
        </span>
        <span className="text-slate-500">
          {t('executions.field.exitCode')}{' '}
          <span
            data-testid="run-exit-code"
            className={`font-mono font-medium ${exec.exit_code ? 'text-red-600 dark:text-red-400' : 'text-slate-800 dark:text-slate-200'}`}
          >
            {exec.exit_code ?? '—'}
          </span>
        </span>
        <span className="ml-auto flex items-center gap-2">
          {!final && props.canCancel && (
            <ConfirmRunAction kind="cancel" testId="cancel-run" pending={props.cancelling} onConfirm={props.onCancel} />
          )}
          <Link
            href={`/executions/${exec.id}`}
            data-testid="run-detail-link"
            className="text-sm font-medium text-blue-600 hover:underline dark:text-blue-400"
          >
            {t('executions.run.openDetail')} →
          </Link>
        </span>
      </div>
      {props.cancelError && (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {props.cancelError}
        </p>
      )}
      {exec.error && (
        <p
          data-testid="run-error"
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700 dark:border-red-900 dark:bg-red-950 dark:text-red-300"
        >
          {serverText({ code: exec.error_code, params: exec.error_params, message: exec.error })}
        </p>
      )}
      <LiveLog lines={lines} connection={props.stream.connection} />
      {final && (
        <div className="space-y-1">
          <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
            {t('executions.section.result')}
          </h4>
          <JsonBlock value={exec.result} testId="run-result-json" emptyLabel={t('executions.result.none')} />
        </div>
      )}
    </div>
  );
}
