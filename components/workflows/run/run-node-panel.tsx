'use client';
import Link from 'next/link';
import { useMemo } from 'react';
import { useUiPrefs } from '@/components/i18n/i18n-provider';
import { useServerMessage } from '@/components/i18n/server-message';
import { elapsedMs, formatDateTime, formatDuration, shortId } from '@/components/executions/format';
import { LiveLog, toDisplayLines, useExecutionStream } from '@/components/executions/live-log';
import type { GraphNode } from '@/components/flow/graph-types';
import { NodeIcon } from '@/components/flow/node-icons';
import { nodeTone, nodeTypeLabel } from '@/components/flow/node-meta';
import { WorkflowRunBadge } from '../run-status-badge';
import type { RunNode } from '../workflow-types';

/** The log of one script node's execution, followed live over the execution's stream. */
function NodeLog({ executionId }: { executionId: string }) {
  const stream = useExecutionStream(executionId);
  const lines = useMemo(() => toDisplayLines(stream.lines), [stream.lines]);
  return <LiveLog lines={lines} connection={stream.connection} testId="node-log" heightClass="h-80" />;
}

/** Details of one node in a run: state, timings, error, output and, for scripts, the live log. */
export function RunNodePanel(props: { node: GraphNode; state: RunNode | null; now: number; onClose(): void }) {
  const { t } = useUiPrefs();
  const serverText = useServerMessage();
  const { node, state } = props;
  const tone = nodeTone[node.type];
  const ms = state
    ? elapsedMs(
        { duration_ms: state.duration_ms, started_at: state.started_at, finished_at: state.finished_at },
        props.now,
      )
    : null;
  const row = (label: string, value: React.ReactNode, testId?: string) => (
    <div className="flex justify-between gap-3 py-1">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-right" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
  return (
    <div className="space-y-4 text-sm" data-testid="run-node-panel" data-node-key={node.key}>
      <div className="flex items-start gap-2">
        <span className={`flex h-8 w-8 shrink-0 items-center justify-center rounded-md ${tone.icon}`}>
          <NodeIcon type={node.type} />
        </span>
        <div className="min-w-0 flex-1">
          <div className="truncate font-semibold">{node.label || node.key}</div>
          <div className="text-xs text-slate-500">
            {t(nodeTypeLabel[node.type])} · <code>{node.key}</code>
          </div>
        </div>
        <button
          type="button"
          onClick={props.onClose}
          className="text-xs text-slate-400 hover:text-slate-700 dark:hover:text-slate-200"
          aria-label={t('workflows.close')}
        >
          ✕
        </button>
      </div>
      <dl className="divide-y divide-slate-100 text-xs dark:divide-slate-800">
        {row(
          t('executions.field.status'),
          <WorkflowRunBadge status={state?.status ?? 'pending'} testId="run-node-status" />,
        )}
        {state && state.attempt > 1 && row(t('executions.field.attempt'), state.attempt)}
        {row(t('executions.field.startedAt'), formatDateTime(state?.started_at))}
        {row(t('executions.field.finishedAt'), formatDateTime(state?.finished_at))}
        {row(t('executions.field.duration'), formatDuration(ms, t))}
        {state?.execution_id &&
          row(
            t('workflows.runView.execution'),
            <Link
              href={`/executions/${state.execution_id}`}
              className="font-mono text-blue-600 hover:underline dark:text-blue-400"
              data-testid="run-node-execution-link"
            >
              {shortId(state.execution_id)}
            </Link>,
          )}
      </dl>
      {state?.error && (
        <div
          role="alert"
          className="rounded-md border border-red-200 bg-red-50 p-2 text-xs text-red-700 dark:border-red-900 dark:bg-red-950/60 dark:text-red-300"
          data-testid="run-node-error"
        >
          {serverText({ code: state.error_code, params: state.error_params, message: state.error })}
        </div>
      )}
      {state?.output != null && (
        <div className="space-y-1">
          <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
            {t('workflows.runView.output')}
          </h3>
          <pre
            className="max-h-48 overflow-auto rounded-md bg-slate-100 p-2 font-mono text-xs dark:bg-slate-800"
            data-testid="run-node-output"
          >
            {JSON.stringify(state.output, null, 2)}
          </pre>
        </div>
      )}
      {node.type === 'script' && (
        <div className="space-y-1">
          <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
            {t('executions.section.log')}
          </h3>
          {state?.execution_id ? (
            <NodeLog executionId={state.execution_id} />
          ) : (
            <p className="text-xs text-slate-500">{t('workflows.runView.noExecution')}</p>
          )}
        </div>
      )}
    </div>
  );
}
