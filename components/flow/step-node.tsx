'use client';
import { Handle, Position, useNodeConnections, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { memo, useEffect } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import type { Translate } from '@/components/i18n/locale';
import type { StepData, StepNode as StepNodeType } from './graph-convert';
import { TARGET_HANDLE } from './graph-convert';
import { useFlowDecorations } from './flow-decorations';
import { NodeIcon } from './node-icons';
import { hasTargetHandle, nodeTone, nodeTypeLabel, sourceHandles } from './node-meta';
import { runStatusLabel, runStatusStyle } from './run-status-style';

/** One line saying what the node will do, so the canvas reads without opening each node. */
function summary(data: StepData, t: Translate, scriptNames: ReadonlyMap<string, string>): string | null {
  switch (data.type) {
    case 'script': {
      const id = data.config.script_id;
      if (!id) return t('workflows.node.noScript');
      const name = scriptNames.get(id) ?? id.slice(0, 8);
      const v = data.config.script_version == null ? t('workflows.inspector.latest') : `v${data.config.script_version}`;
      return `${name} · ${v}`;
    }
    case 'condition': {
      const c = data.config.condition;
      if (c.mode === 'expression') return c.expression || t('workflows.node.noCondition');
      return c.left ? `${c.left} ${c.operator} ${JSON.stringify(c.right) ?? ''}` : t('workflows.node.noCondition');
    }
    case 'join':
      return data.config.mode === 'first' ? t('workflows.inspector.joinFirst') : t('workflows.inspector.joinAll');
    case 'delay':
      return t('workflows.node.delaySeconds', { n: data.config.seconds });
    default:
      return null;
  }
}

const handleBase = 'flow-handle';

export const StepNode = memo(function StepNode({ id, data, selected }: NodeProps<StepNodeType>) {
  const t = useT();
  const deco = useFlowDecorations();
  const tone = nodeTone[data.type];
  const issues = deco.issues.get(id);
  const run = deco.runStates.get(id);
  const runStyle = run ? (runStatusStyle[run.status] ?? runStatusStyle.pending!) : null;
  const handles = sourceHandles(data);
  const main = handles.filter((h) => h !== 'error');
  // Handles come and go with the error policy: React Flow must re-measure them to connect to a new one.
  const updateInternals = useUpdateNodeInternals();
  const handleSet = handles.join(',');
  useEffect(() => updateInternals(id), [handleSet, id, updateInternals]);
  const text = summary(data, t, deco.scriptNames);
  // A handle's own label is a hint for connecting; once connected, the edge carries the label.
  const used = new Set(useNodeConnections({ id, handleType: 'source' }).map((c) => c.sourceHandle ?? 'out'));

  const frame = issues
    ? 'border-red-500 ring-2 ring-red-500/40'
    : runStyle
      ? runStyle.frame
      : selected
        ? 'border-blue-500 ring-2 ring-blue-500/30'
        : 'border-slate-200 dark:border-slate-700';

  return (
    <div
      data-testid={`flow-node-${id}`}
      data-node-type={data.type}
      data-status={run?.status}
      data-invalid={issues ? 'true' : undefined}
      title={issues?.join('\n')}
      className={`group relative w-56 rounded-lg border border-l-4 bg-white text-slate-800 shadow-sm transition-shadow hover:shadow-md dark:bg-slate-900 dark:text-slate-100 ${tone.accent} ${frame} ${selected && (issues || runStyle) ? 'shadow-lg' : ''}`}
    >
      {hasTargetHandle(data.type) && (
        <Handle
          type="target"
          position={Position.Left}
          id={TARGET_HANDLE}
          className={`${handleBase} flow-handle-target`}
          data-testid={`handle-${id}-in`}
          isConnectable={!deco.readOnly}
        />
      )}
      <div className="flex items-start gap-2.5 px-3 py-2.5">
        <span className={`mt-0.5 flex h-7 w-7 shrink-0 items-center justify-center rounded-md ${tone.icon}`}>
          <NodeIcon type={data.type} />
        </span>
        <div className="min-w-0 flex-1">
          <div className="truncate text-sm font-semibold leading-5" data-testid="flow-node-label">
            {data.label || t(nodeTypeLabel[data.type])}
          </div>
          <div className="truncate text-[11px] uppercase tracking-wide text-slate-400">
            {t(nodeTypeLabel[data.type])} · <span className="font-mono normal-case">{id}</span>
          </div>
          {text && (
            <div className="mt-1 truncate text-xs text-slate-600 dark:text-slate-300" title={text}>
              {text}
            </div>
          )}
        </div>
      </div>
      {run && runStyle && (
        <div className="flex items-center justify-between gap-2 border-t border-slate-100 px-3 py-1.5 dark:border-slate-800">
          <span
            data-testid={`flow-node-status-${id}`}
            data-status={run.status}
            className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-[11px] font-medium ring-1 ring-inset ${runStyle.badge}`}
          >
            <span aria-hidden className="relative flex h-1.5 w-1.5">
              {run.status === 'running' && (
                <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-blue-400 opacity-75" />
              )}
              <span className={`relative inline-flex h-1.5 w-1.5 rounded-full ${runStyle.dot}`} />
            </span>
            {t(runStatusLabel[run.status] ?? 'workflows.status.pending')}
          </span>
          <span className="font-mono text-[11px] text-slate-500" data-testid={`flow-node-duration-${id}`}>
            {run.attempt && run.attempt > 1 ? `#${run.attempt} · ` : ''}
            {run.duration ?? ''}
          </span>
        </div>
      )}
      {issues && !run && (
        <div
          className="border-t border-red-100 px-3 py-1 text-[11px] text-red-600 dark:border-red-900 dark:text-red-400"
          data-testid={`flow-node-issue-${id}`}
        >
          <span className="line-clamp-2">{issues[0]}</span>
        </div>
      )}
      {main.map((h, i) => (
        <Handle
          key={h}
          type="source"
          position={Position.Right}
          id={h}
          isConnectable={!deco.readOnly}
          data-testid={`handle-${id}-${h}`}
          className={`${handleBase} flow-handle-${h}`}
          style={main.length > 1 ? { top: `${((i + 1) * 100) / (main.length + 1)}%` } : undefined}
        >
          {main.length > 1 && !used.has(h) && (
            <span className={`flow-handle-label flow-handle-label-${h}`}>
              {t(h === 'true' ? 'workflows.edge.true' : 'workflows.edge.false')}
            </span>
          )}
        </Handle>
      ))}
      {handles.includes('error') && (
        <Handle
          type="source"
          position={Position.Bottom}
          id="error"
          isConnectable={!deco.readOnly}
          data-testid={`handle-${id}-error`}
          className={`${handleBase} flow-handle-error`}
        >
          {!used.has('error') && (
            <span className="flow-handle-label flow-handle-label-error">{t('workflows.edge.error')}</span>
          )}
        </Handle>
      )}
    </div>
  );
});
