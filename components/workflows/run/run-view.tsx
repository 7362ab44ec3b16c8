'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { applyNodeChanges, ReactFlowProvider } from '@xyflow/react';
import Link from 'next/link';
import { useCallback, useMemo, useState } from 'react';
import { useUiPrefs } from '@/components/i18n/i18n-provider';
import { useServerMessage } from '@/components/i18n/server-message';
import { FlowCanvas } from '@/components/flow/flow-canvas';
import { toFlow, type StepNode } from '@/components/flow/graph-convert';
import type { FlowDecorations, NodeRunState } from '@/components/flow/flow-decorations';
import { elapsedMs, formatDateTime, formatDuration, shortId } from '@/components/executions/format';
import { useNow } from '@/components/executions/use-now';
import { useCan } from '@/components/shell/permissions';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { WorkflowRunBadge } from '../run-status-badge';
import type { RunNode, WorkflowRunDetail } from '../workflow-types';
import { RunNodePanel } from './run-node-panel';

const finalRun = new Set(['succeeded', 'failed', 'cancelled']);
const POLL_MS = 1000;

/** Which edges the run went along: into a skipped node, into a running one, or already through. */
function edgeStates(run: WorkflowRunDetail, byKey: ReadonlyMap<string, RunNode>) {
  const states = new Map<string, 'taken' | 'active' | 'skipped'>();
  for (const e of run.graph.edges) {
    const source = byKey.get(e.source)?.status;
    const target = byKey.get(e.target)?.status;
    if (target === 'skipped' || source === 'skipped') states.set(e.id, 'skipped');
    else if (source === 'succeeded' || source === 'failed') {
      if (target === 'running' || target === 'queued') states.set(e.id, 'active');
      else if (target && target !== 'pending') states.set(e.id, 'taken');
    }
  }
  return states;
}

function RunCanvas({
  run,
  scriptNames,
  onSelect,
}: {
  run: WorkflowRunDetail;
  scriptNames: ReadonlyMap<string, string>;
  onSelect(key: string | null): void;
}) {
  const { t } = useUiPrefs();
  const serverText = useServerMessage();
  const nodeError = useCallback(
    (n: RunNode) => (n.error ? serverText({ code: n.error_code, params: n.error_params, message: n.error }) : n.error),
    [serverText],
  );
  const live = !finalRun.has(run.status);
  const now = useNow(live);
  const byKey = useMemo(() => new Map(run.nodes.map((n) => [n.node_key, n])), [run.nodes]);
  // A run's graph is its version's and never changes: the nodes are set once and keep what
  // React Flow measures (the minimap and fit-view need it); only the decorations follow the polls.
  const [flow] = useState(() => toFlow(run.graph));
  const [nodes, setNodes] = useState<StepNode[]>(flow.nodes);
  const decorations = useMemo<FlowDecorations>(() => {
    const runStates = new Map<string, NodeRunState>();
    for (const n of run.graph.nodes) {
      const state = byKey.get(n.key);
      if (!state) {
        runStates.set(n.key, { status: 'pending', duration: null });
        continue;
      }
      const ms = state.started_at
        ? elapsedMs(
            { duration_ms: state.duration_ms, started_at: state.started_at, finished_at: state.finished_at },
            now,
          )
        : null;
      runStates.set(n.key, {
        status: state.status,
        duration: ms == null ? null : formatDuration(ms, t),
        attempt: state.attempt,
        error: nodeError(state),
      });
    }
    return { readOnly: true, issues: new Map(), runStates, scriptNames };
  }, [run.graph.nodes, byKey, now, t, scriptNames, nodeError]);
  const edges = useMemo(() => edgeStates(run, byKey), [run, byKey]);

  return (
    <FlowCanvas
      nodes={nodes}
      edges={flow.edges}
      decorations={decorations}
      edgeStates={edges}
      onNodesChange={(changes) => setNodes((ns) => applyNodeChanges(changes, ns))}
      onNodeClick={(_, n) => onSelect(n.id)}
      onPaneClick={() => onSelect(null)}
      testId="run-canvas"
    />
  );
}

/** A workflow run, live: every node's state on the canvas, polled every second until the run ends. */
export function RunView({ runId }: { runId: string }) {
  const { t } = useUiPrefs();
  const serverText = useServerMessage();
  const trpc = useTRPC();
  const canCancel = useCan('workflow.run');
  const [selected, setSelected] = useState<string | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const run = useQuery({
    ...trpc.workflows.getRun.queryOptions({ id: runId }),
    refetchInterval: (q) => (q.state.data && finalRun.has(q.state.data.status) ? false : POLL_MS),
    refetchIntervalInBackground: true,
  });
  // Script names for the nodes' summaries; the palette list is what a reader may see anyway.
  const scripts = useQuery(trpc.workflows.scriptsForPalette.queryOptions());
  const scriptNames = useMemo(() => new Map((scripts.data ?? []).map((s) => [s.id, s.name])), [scripts.data]);
  const cancel = useMutation(trpc.workflows.cancelRun.mutationOptions({ onSuccess: () => void run.refetch() }));
  const live = !!run.data && !finalRun.has(run.data.status);
  const now = useNow(live);

  if (run.error)
    return (
      <p role="alert" className="text-sm text-red-600" data-testid="run-error">
        {run.error.message}
      </p>
    );
  if (!run.data) return <p className="text-sm text-slate-500">{t('common.loading')}</p>;
  const r = run.data;
  const node = selected ? (r.graph.nodes.find((n) => n.key === selected) ?? null) : null;
  const elapsed = elapsedMs({ duration_ms: r.duration_ms, started_at: r.started_at, finished_at: r.finished_at }, now);

  return (
    <div className="-m-6 flex h-[calc(100vh-3rem)] flex-col" data-testid="run-view" data-run-id={r.id}>
      <header className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-slate-200 bg-white px-4 py-2 dark:border-slate-800 dark:bg-slate-900">
        <Link
          href={`/workflows/${r.workflow_id}`}
          className="text-sm text-slate-500 hover:text-slate-800 dark:hover:text-slate-200"
          data-testid="run-workflow-link"
        >
          ← {r.workflow_name ?? t('nav.workflows')}
        </Link>
        <h1 className="text-base font-semibold">
          {t('workflows.runView.title')}{' '}
          <span className="font-mono text-sm text-slate-500" title={r.id}>
            {shortId(r.id)}
          </span>
        </h1>
        <WorkflowRunBadge status={r.status} testId="run-status" />
        <span className="text-xs text-slate-500">
          v{r.version} · {t(`executions.trigger.${r.trigger_type}`)}
        </span>
        <span className="text-xs text-slate-500">
          {t('workflows.runView.started')}: {formatDateTime(r.started_at ?? r.created_at)}
        </span>
        <span className="text-xs text-slate-500" data-testid="run-duration">
          {t('workflows.runView.duration')}: {formatDuration(elapsed, t)}
        </span>
        {live && (
          <span
            className="inline-flex items-center gap-1.5 text-xs font-medium text-blue-600 dark:text-blue-400"
            data-testid="run-live"
          >
            <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-blue-500" />
            {t('workflows.runView.live')}
          </span>
        )}
        <div className="ml-auto">
          {live && canCancel && (
            <Button
              variant="danger"
              className="text-xs"
              onClick={() => setConfirmCancel(true)}
              data-testid="cancel-run"
            >
              {t('workflows.runView.cancel')}
            </Button>
          )}
        </div>
      </header>
      {r.error && (
        <div
          role="alert"
          className="border-b border-red-200 bg-red-50 px-4 py-1.5 text-sm text-red-700 dark:border-red-900 dark:bg-red-950/60 dark:text-red-300"
          data-testid="run-error-message"
        >
          {serverText({ code: r.error_code, params: r.error_params, message: r.error })}
        </div>
      )}
      <div className="flex min-h-0 flex-1">
        <div className="relative min-w-0 flex-1">
          <ReactFlowProvider>
            <RunCanvas run={r} scriptNames={scriptNames} onSelect={setSelected} />
          </ReactFlowProvider>
        </div>
        <aside
          className="flex w-96 shrink-0 flex-col overflow-y-auto border-l border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
          data-testid="run-side-panel"
        >
          {node ? (
            <RunNodePanel
              key={node.key}
              node={node}
              state={r.nodes.find((n) => n.node_key === node.key) ?? null}
              now={now}
              onClose={() => setSelected(null)}
            />
          ) : (
            <div className="space-y-3 text-sm">
              <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                {t('workflows.runView.input')}
              </h2>
              <pre
                className="max-h-64 overflow-auto rounded-md bg-slate-100 p-2 font-mono text-xs dark:bg-slate-800"
                data-testid="run-input"
              >
                {JSON.stringify(r.input, null, 2)}
              </pre>
              <p className="text-xs text-slate-500">{t('workflows.runView.clickNode')}</p>
              <ul className="space-y-1" data-testid="run-node-list">
                {r.graph.nodes.map((n) => {
                  const s = r.nodes.find((x) => x.node_key === n.key);
                  return (
                    <li key={n.key}>
                      <button
                        type="button"
                        onClick={() => setSelected(n.key)}
                        className="flex w-full items-center justify-between gap-2 rounded px-2 py-1 text-left text-xs hover:bg-slate-100 dark:hover:bg-slate-800"
                      >
                        <span className="truncate">
                          {n.label || n.key} <code className="text-slate-400">{n.key}</code>
                        </span>
                        <WorkflowRunBadge status={s?.status ?? 'pending'} />
                      </button>
                    </li>
                  );
                })}
              </ul>
            </div>
          )}
        </aside>
      </div>
      <ConfirmDialog
        open={confirmCancel}
        title={t('workflows.runView.cancelTitle')}
        confirmLabel={t('workflows.runView.cancel')}
        cancelLabel={t('workflows.runView.keepRunning')}
        variant="danger"
        pending={cancel.isPending}
        error={cancel.error?.message ?? null}
        onCancel={() => setConfirmCancel(false)}
        onConfirm={() => cancel.mutate({ id: r.id }, { onSuccess: () => setConfirmCancel(false) })}
      >
        {t('workflows.runView.cancelBody')}
      </ConfirmDialog>
    </div>
  );
}
