'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useReactFlow, type Connection, type IsValidConnection } from '@xyflow/react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { useServerMessage } from '@/components/i18n/server-message';
import { FlowCanvas } from '@/components/flow/flow-canvas';
import {
  graphFingerprint,
  labelOfHandle,
  toFlow,
  toFlowNode,
  type FlowEdge,
  type StepData,
} from '@/components/flow/graph-convert';
import type { WorkflowGraph } from '@/components/flow/graph-types';
import { autoLayout } from '@/components/flow/auto-layout';
import { freshKey, newNode, nodeTypeLabel } from '@/components/flow/node-meta';
import type { FlowDecorations } from '@/components/flow/flow-decorations';
import { useUnsavedGuard } from '@/components/scripts/editor/use-unsaved-guard';
import { useCan } from '@/components/shell/permissions';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { WorkflowStatusBadge } from '../run-status-badge';
import type { PaletteScript, ValidationIssue, WorkflowDetail } from '../workflow-types';
import {
  changeNodeData,
  connectEdge,
  copyFragment,
  freePosition,
  issuesFromDetails,
  pasteFragment,
  renameNode,
  type Fragment,
} from './graph-edits';
import { IssuesPanel } from './issues-panel';
import { NodeInspector } from './node-inspector';
import { Palette, PALETTE_MIME, type PaletteDrop } from './palette';
import { RunDialog } from './run-dialog';
import { RunsPanel } from './runs-panel';
import { AlertsPanel } from '@/components/alerts/alerts-panel';
import { useGraphEditor } from './use-graph-editor';
import { VersionsPanel } from './versions-panel';
import { WorkflowSettings, type WorkflowMeta } from './workflow-settings';

type Tab = 'inspect' | 'versions' | 'runs' | 'alerts';
const sideTabLabel = {
  versions: 'workflows.tab.versions',
  runs: 'workflows.tab.runs',
  alerts: 'alerts.panel.title',
} as const;

interface ServerError {
  message: string;
  data?: {
    details?: { field: string; message: string; code?: string; params?: Record<string, string | number> }[];
    httpStatus?: number;
  } | null;
}

const metaOf = (w: WorkflowDetail): WorkflowMeta => ({
  name: w.name,
  description: w.description,
  input_schema: w.input_schema,
});
const fingerprint = (graph: WorkflowGraph, meta: WorkflowMeta) => graphFingerprint({ graph, meta });

/** Keys typed into form controls stay theirs; shortcuts apply to the canvas. */
function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

export function Designer(props: {
  workflow: WorkflowDetail;
  scripts: PaletteScript[] | undefined;
  scriptsError: string | null;
}) {
  const t = useT();
  const serverText = useServerMessage();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const rf = useReactFlow();
  const canEdit = useCan('workflow.write');
  const canRun = useCan('workflow.run');
  const readOnly = !canEdit;

  const editor = useGraphEditor(props.workflow.graph);
  const { nodes, edges } = editor;
  const [meta, setMeta] = useState<WorkflowMeta>(() => metaOf(props.workflow));
  const [saved, setSaved] = useState(() => ({
    workflow: props.workflow,
    fingerprint: fingerprint(props.workflow.graph, metaOf(props.workflow)),
  }));
  const [issues, setIssues] = useState<{ list: ValidationIssue[]; fingerprint: string } | null>(null);
  const [notice, setNotice] = useState<{ tone: 'ok' | 'error' | 'info'; text: string } | null>(null);
  const [tab, setTab] = useState<Tab>('inspect');
  const [runOpen, setRunOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const clipboard = useRef<{ fragment: Fragment; pastes: number } | null>(null);
  const canvasBox = useRef<HTMLDivElement>(null);

  const current = fingerprint(editor.graph, meta);
  const dirty = current !== saved.fingerprint;
  useUnsavedGuard(dirty, t('workflows.designer.leaveQuestion'));

  const scripts = useMemo(() => props.scripts ?? [], [props.scripts]);
  const validate = useMutation(trpc.workflows.validate.mutationOptions());
  const update = useMutation(trpc.workflows.update.mutationOptions());
  const activate = useMutation(trpc.workflows.activate.mutationOptions());
  const remove = useMutation(trpc.workflows.delete.mutationOptions());
  const busy = validate.isPending || update.isPending || activate.isPending;

  // ---- decorations: validation problems and script names on the canvas
  const decorations = useMemo<FlowDecorations>(() => {
    const byNode = new Map<string, string[]>();
    for (const i of issues?.list ?? []) {
      if (i.node_key)
        byNode.set(i.node_key, [
          ...(byNode.get(i.node_key) ?? []),
          serverText({ code: i.message_code, params: i.params, message: i.message }),
        ]);
    }
    return { readOnly, issues: byNode, runStates: new Map(), scriptNames: new Map(scripts.map((s) => [s.id, s.name])) };
  }, [issues, readOnly, scripts, serverText]);
  const invalidEdges = useMemo(
    () => new Set((issues?.list ?? []).map((i) => i.edge_id).filter((e): e is string => !!e)),
    [issues],
  );

  const selectedNodes = nodes.filter((n) => n.selected);
  const selected = selectedNodes.length === 1 ? selectedNodes[0]! : null;

  // ---- editing
  const addNode = useCallback(
    (item: PaletteDrop, position: { x: number; y: number }) => {
      const key = freshKey(item.type, new Set(nodes.map((n) => n.id)));
      const label = item.label ?? t(nodeTypeLabel[item.type]);
      const node = toFlowNode(newNode(item.type, key, freePosition(position, nodes), label, item.scriptId));
      editor.replace(
        [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), { ...node, selected: true }],
        edges,
      );
      setTab('inspect');
    },
    [nodes, edges, editor, t],
  );

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    if (readOnly) return;
    const raw = e.dataTransfer.getData(PALETTE_MIME);
    if (!raw) return;
    const item = JSON.parse(raw) as PaletteDrop;
    const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    // The pointer holds the node near its top-left corner, as it held the palette item.
    addNode(item, { x: Math.round(p.x - 24), y: Math.round(p.y - 20) });
  };

  const addAtCentre = (item: PaletteDrop) => {
    const box = canvasBox.current?.getBoundingClientRect();
    const p = rf.screenToFlowPosition(
      box ? { x: box.left + box.width / 2, y: box.top + box.height / 2 } : { x: 400, y: 300 },
    );
    addNode(item, { x: Math.round(p.x - 112), y: Math.round(p.y - 32) });
  };

  const onConnect = (c: Connection) => editor.replace(nodes, connectEdge(edges, c, labelOfHandle(c.sourceHandle)));

  const isValidConnection: IsValidConnection<FlowEdge> = (c) =>
    c.source !== c.target &&
    !edges.some(
      (e) => e.source === c.source && e.target === c.target && (e.sourceHandle ?? 'out') === (c.sourceHandle ?? 'out'),
    );

  const changeNode = (id: string, change: (d: StepData) => StepData, key: string) => {
    const next = changeNodeData(nodes, edges, id, change);
    editor.replace(next.nodes, next.edges, `${id}:${key}`);
  };

  const deleteSelected = () => {
    const gone = new Set(nodes.filter((n) => n.selected).map((n) => n.id));
    if (!gone.size && !edges.some((e) => e.selected)) return;
    editor.replace(
      nodes.filter((n) => !gone.has(n.id)),
      edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target)),
    );
  };

  const copy = () => {
    const fragment = copyFragment(nodes, edges);
    if (fragment) clipboard.current = { fragment, pastes: 0 };
  };
  const paste = () => {
    const clip = clipboard.current;
    if (!clip || readOnly) return;
    clip.pastes += 1;
    const next = pasteFragment(nodes, edges, clip.fragment, 32 * clip.pastes);
    editor.replace(next.nodes, next.edges);
  };

  // Fit the view once React Flow has the new positions (its store syncs in an effect of its own, which runs first).
  const [fitRequest, setFitRequest] = useState(0);
  useEffect(() => {
    if (fitRequest) void rf.fitView({ padding: 0.2, maxZoom: 1.1, duration: 300 });
  }, [fitRequest, rf]);

  const layout = () => {
    editor.replace(autoLayout(nodes, edges), edges);
    setFitRequest((n) => n + 1);
  };

  // Keyboard shortcuts (Delete/Backspace are React Flow's own, see FlowCanvas).
  const shortcuts = useRef({ copy, paste, undo: editor.undo, redo: editor.redo, save: () => {} });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typingIn(e.target) || !(e.ctrlKey || e.metaKey)) return;
      const k = e.key.toLowerCase();
      const s = shortcuts.current;
      if (k === 'z' && !e.shiftKey && !readOnly) s.undo();
      else if (((k === 'z' && e.shiftKey) || k === 'y') && !readOnly) s.redo();
      else if (k === 'c') s.copy();
      else if (k === 'v') s.paste();
      else if (k === 's' && !readOnly) s.save();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [readOnly]);

  // ---- server round trips
  const showIssues = (list: ValidationIssue[]) => setIssues(list.length ? { list, fingerprint: current } : null);

  /** `sent` is what was saved: the server fills in defaults, so its echo may differ in form, not in meaning. */
  const afterSave = (workflow: WorkflowDetail, sent: string) => {
    setSaved({ workflow, fingerprint: sent });
    queryClient.setQueryData(trpc.workflows.get.queryKey({ id: workflow.id }), workflow);
    void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.workflows.versions.queryKey({ id: workflow.id }) });
  };

  const refused = (err: unknown) => {
    const e = err as ServerError;
    const details = e.data?.details ?? [];
    const graphIssues = issuesFromDetails(details.filter((d) => d.field === 'graph' || d.field.startsWith('graph.')));
    if (graphIssues.length) showIssues(graphIssues);
    setNotice({ tone: 'error', text: e.message });
  };

  const saveDraft = async (): Promise<WorkflowDetail | null> => {
    setNotice(null);
    const sent = current;
    try {
      const workflow = await update.mutateAsync({
        id: props.workflow.id,
        patch: {
          name: meta.name,
          description: meta.description,
          input_schema: meta.input_schema,
          graph: editor.graph,
          base_version: saved.workflow.version,
        },
      });
      afterSave(workflow, sent);
      // Drafts may be incomplete: say what would stop activation, without refusing the save.
      const result = await validate.mutateAsync({ graph: editor.graph, input_schema: meta.input_schema });
      showIssues(result.issues);
      setNotice({ tone: 'ok', text: t('workflows.designer.saved', { v: workflow.version }) });
      return workflow;
    } catch (err) {
      refused(err);
      return null;
    }
  };
  shortcuts.current = { copy, paste, undo: editor.undo, redo: editor.redo, save: () => void saveDraft() };

  const runValidation = async () => {
    setNotice(null);
    try {
      const result = await validate.mutateAsync({ graph: editor.graph, input_schema: meta.input_schema });
      showIssues(result.issues);
      setNotice(result.valid ? { tone: 'ok', text: t('workflows.designer.valid') } : null);
      return result.valid;
    } catch (err) {
      refused(err);
      return false;
    }
  };

  const doActivate = async () => {
    if (!(await runValidation())) return;
    if (dirty && !(await saveDraft())) return;
    try {
      const workflow = await activate.mutateAsync({ id: props.workflow.id });
      afterSave(workflow, current);
      setIssues(null);
      setNotice({ tone: 'ok', text: t('workflows.designer.activated', { v: workflow.version }) });
    } catch (err) {
      refused(err);
    }
  };

  const focusIssue = (issue: ValidationIssue) => {
    if (issue.node_key && nodes.some((n) => n.id === issue.node_key)) {
      editor.onNodesChange(
        nodes.map((n) => ({ type: 'select' as const, id: n.id, selected: n.id === issue.node_key })),
      );
      void rf.fitView({ nodes: [{ id: issue.node_key }], duration: 300, maxZoom: 1.2 });
      setTab('inspect');
    } else if (issue.edge_id) {
      editor.onEdgesChange(edges.map((e) => ({ type: 'select' as const, id: e.id, selected: e.id === issue.edge_id })));
    }
  };

  const workflow = saved.workflow;
  const toolbarButton = 'text-xs';
  return (
    <div
      className="-m-6 flex h-[calc(100vh-3rem)] flex-col"
      data-testid="workflow-designer"
      data-workflow-id={workflow.id}
    >
      <header className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-white px-4 py-2 dark:border-slate-800 dark:bg-slate-900">
        <Link
          href="/workflows"
          className="text-sm text-slate-500 hover:text-slate-800 dark:hover:text-slate-200"
          aria-label={t('workflows.backToList')}
        >
          ← {t('nav.workflows')}
        </Link>
        <h1 className="max-w-72 truncate text-base font-semibold" data-testid="designer-title">
          {meta.name || workflow.name}
        </h1>
        <WorkflowStatusBadge status={workflow.status} testId="workflow-status" />
        <span className="text-xs text-slate-500" data-testid="workflow-version">
          v{workflow.version}
        </span>
        {dirty && (
          <span className="text-xs font-medium text-amber-600 dark:text-amber-400" data-testid="designer-dirty">
            {t('workflows.designer.unsaved')}
          </span>
        )}
        <div className="ml-auto flex flex-wrap items-center gap-1.5">
          {!readOnly && (
            <>
              <Button
                variant="ghost"
                className={toolbarButton}
                disabled={!editor.canUndo}
                onClick={editor.undo}
                title="Ctrl+Z"
                data-testid="undo"
              >
                {t('workflows.designer.undo')}
              </Button>
              <Button
                variant="ghost"
                className={toolbarButton}
                disabled={!editor.canRedo}
                onClick={editor.redo}
                title="Ctrl+Shift+Z"
                data-testid="redo"
              >
                {t('workflows.designer.redo')}
              </Button>
              <Button variant="ghost" className={toolbarButton} onClick={layout} data-testid="auto-layout">
                {t('workflows.designer.layout')}
              </Button>
              <span className="mx-1 h-5 w-px bg-slate-200 dark:bg-slate-700" />
            </>
          )}
          <Button
            variant="secondary"
            className={toolbarButton}
            disabled={busy}
            onClick={() => void runValidation()}
            data-testid="validate"
          >
            {t('workflows.designer.validate')}
          </Button>
          {!readOnly && (
            <>
              <Button
                variant="secondary"
                className={toolbarButton}
                disabled={busy || !dirty}
                onClick={() => void saveDraft()}
                title="Ctrl+S"
                data-testid="save"
              >
                {update.isPending
                  ? t('workflows.designer.saving')
                  : workflow.status === 'active'
                    ? t('workflows.designer.save')
                    : t('workflows.designer.saveDraft')}
              </Button>
              {workflow.status !== 'active' && (
                <Button
                  className={toolbarButton}
                  disabled={busy}
                  onClick={() => void doActivate()}
                  data-testid="activate"
                >
                  {t('workflows.designer.activate')}
                </Button>
              )}
            </>
          )}
          {canRun && (
            <Button
              className={`${toolbarButton} bg-emerald-600 hover:bg-emerald-700`}
              disabled={dirty || workflow.status === 'disabled' || workflow.status === 'archived'}
              title={dirty ? t('workflows.designer.saveBeforeRun') : undefined}
              onClick={() => setRunOpen(true)}
              data-testid="run-workflow"
            >
              ▶ {t('workflows.designer.run')}
            </Button>
          )}
          {!readOnly && (
            <Button
              variant="ghost"
              className={`${toolbarButton} text-red-600 dark:text-red-400`}
              onClick={() => setConfirmDelete(true)}
              data-testid="delete-workflow"
            >
              {t('workflows.designer.delete')}
            </Button>
          )}
        </div>
      </header>
      {notice && (
        <div
          role={notice.tone === 'error' ? 'alert' : 'status'}
          data-testid="designer-notice"
          data-tone={notice.tone}
          className={`flex items-center justify-between border-b px-4 py-1.5 text-sm ${notice.tone === 'error' ? 'border-red-200 bg-red-50 text-red-700 dark:border-red-900 dark:bg-red-950/60 dark:text-red-300' : notice.tone === 'ok' ? 'border-green-200 bg-green-50 text-green-800 dark:border-green-900 dark:bg-green-950/60 dark:text-green-300' : 'border-blue-200 bg-blue-50 text-blue-800 dark:border-blue-900 dark:bg-blue-950/60 dark:text-blue-300'}`}
        >
          <span>{notice.text}</span>
          <button
            type="button"
            className="text-xs opacity-70 hover:opacity-100"
            onClick={() => setNotice(null)}
            aria-label={t('workflows.close')}
          >
            ✕
          </button>
        </div>
      )}
      <div className="flex min-h-0 flex-1">
        {!readOnly && <Palette scripts={props.scripts} scriptsError={props.scriptsError} onAdd={addAtCentre} />}
        {/* The issues list sits under the canvas, never over it: it used to cover nodes and take their clicks. */}
        <div className="flex min-w-0 flex-1 flex-col">
          <div className="relative min-h-0 flex-1" ref={canvasBox}>
            <FlowCanvas
              nodes={nodes}
              edges={edges}
              decorations={decorations}
              invalidEdges={invalidEdges}
              onNodesChange={editor.onNodesChange}
              onEdgesChange={editor.onEdgesChange}
              onConnect={onConnect}
              isValidConnection={isValidConnection}
              onBeforeDelete={async () => {
                editor.checkpoint();
                return true;
              }}
              onNodeDragStart={() => editor.checkpoint()}
              onNodeClick={() => setTab('inspect')}
              onDrop={onDrop}
            />
          </div>
          {issues && (
            <IssuesPanel
              issues={issues.list}
              stale={issues.fingerprint !== current}
              onFocus={focusIssue}
              onClose={() => setIssues(null)}
            />
          )}
        </div>
        <aside
          className="flex w-80 shrink-0 flex-col border-l border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
          data-testid="side-panel"
        >
          <div className="flex border-b border-slate-200 text-xs font-medium dark:border-slate-800" role="tablist">
            {(['inspect', 'versions', 'runs', 'alerts'] as const).map((k) => (
              <button
                key={k}
                type="button"
                role="tab"
                aria-selected={tab === k}
                onClick={() => setTab(k)}
                data-testid={`side-tab-${k}`}
                className={`flex-1 px-3 py-2 ${tab === k ? 'border-b-2 border-blue-600 text-blue-700 dark:text-blue-300' : 'text-slate-500 hover:text-slate-800 dark:hover:text-slate-200'}`}
              >
                {t(k === 'inspect' ? (selected ? 'workflows.tab.node' : 'workflows.tab.workflow') : sideTabLabel[k])}
              </button>
            ))}
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto p-4">
            {tab === 'inspect' &&
              (selected ? (
                <NodeInspector
                  key={selected.id}
                  nodeKey={selected.id}
                  data={selected.data}
                  issues={decorations.issues.get(selected.id) ?? []}
                  scripts={scripts}
                  takenKeys={new Set(nodes.map((n) => n.id))}
                  readOnly={readOnly}
                  onChange={(change, key) => changeNode(selected.id, change, key)}
                  onRename={(to) => {
                    const next = renameNode(nodes, edges, selected.id, to);
                    editor.replace(next.nodes, next.edges);
                  }}
                  onDelete={deleteSelected}
                />
              ) : selectedNodes.length > 1 ? (
                <div className="space-y-3 text-sm text-slate-600 dark:text-slate-300">
                  <p>{t('workflows.designer.multiSelected', { n: selectedNodes.length })}</p>
                  {!readOnly && (
                    <Button variant="secondary" onClick={deleteSelected} data-testid="delete-selected">
                      {t('workflows.inspector.deleteSelected')}
                    </Button>
                  )}
                </div>
              ) : (
                <WorkflowSettings
                  meta={meta}
                  onChange={setMeta}
                  readOnly={readOnly}
                  nodeCount={nodes.length}
                  edgeCount={edges.length}
                />
              ))}
            {tab === 'versions' && (
              <VersionsPanel
                workflowId={workflow.id}
                current={workflow.version}
                canEdit={!readOnly}
                onLoad={(version, graph) => {
                  const flow = toFlow(graph);
                  editor.replace(flow.nodes, flow.edges);
                  setNotice({ tone: 'info', text: t('workflows.versions.loaded', { v: version }) });
                  setFitRequest((n) => n + 1);
                }}
              />
            )}
            {tab === 'runs' && <RunsPanel workflowId={workflow.id} />}
            {tab === 'alerts' && <AlertsPanel target={{ type: 'workflow', id: workflow.id }} />}
          </div>
        </aside>
      </div>
      {runOpen && (
        <RunDialog
          open
          workflowId={workflow.id}
          inputSchema={workflow.input_schema}
          onClose={() => setRunOpen(false)}
        />
      )}
      <ConfirmDialog
        open={confirmDelete}
        title={t('workflows.designer.deleteTitle', { name: workflow.name })}
        confirmLabel={t('workflows.designer.delete')}
        cancelLabel={t('common.cancel')}
        variant="danger"
        pending={remove.isPending}
        error={remove.error?.message ?? null}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() =>
          remove.mutate(
            { id: workflow.id },
            {
              onSuccess: () => {
                setSaved((s) => ({ ...s, fingerprint: current })); // nothing left to guard
                void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
                router.push('/workflows');
              },
            },
          )
        }
      >
        {t('workflows.designer.deleteBody')}
      </ConfirmDialog>
    </div>
  );
}
