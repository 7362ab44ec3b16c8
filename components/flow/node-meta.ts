import type { MessageKey } from '@/components/i18n/locale';
import type { GraphNode, NodeType } from './graph-types';

/** Per node type: accent colours (light and dark) and the palette's label. */
export const nodeTone: Record<NodeType, { icon: string; accent: string; minimap: string }> = {
  start: {
    icon: 'bg-emerald-100 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300',
    accent: 'border-l-emerald-500',
    minimap: '#10b981',
  },
  end: {
    icon: 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-200',
    accent: 'border-l-slate-500',
    minimap: '#64748b',
  },
  script: {
    icon: 'bg-blue-100 text-blue-700 dark:bg-blue-950 dark:text-blue-300',
    accent: 'border-l-blue-500',
    minimap: '#3b82f6',
  },
  condition: {
    icon: 'bg-amber-100 text-amber-700 dark:bg-amber-950 dark:text-amber-300',
    accent: 'border-l-amber-500',
    minimap: '#f59e0b',
  },
  parallel: {
    icon: 'bg-violet-100 text-violet-700 dark:bg-violet-950 dark:text-violet-300',
    accent: 'border-l-violet-500',
    minimap: '#8b5cf6',
  },
  join: {
    icon: 'bg-fuchsia-100 text-fuchsia-700 dark:bg-fuchsia-950 dark:text-fuchsia-300',
    accent: 'border-l-fuchsia-500',
    minimap: '#d946ef',
  },
  delay: {
    icon: 'bg-cyan-100 text-cyan-700 dark:bg-cyan-950 dark:text-cyan-300',
    accent: 'border-l-cyan-500',
    minimap: '#06b6d4',
  },
};

export const nodeTypeLabel: Record<NodeType, MessageKey> = {
  start: 'workflows.node.start',
  end: 'workflows.node.end',
  script: 'workflows.node.script',
  condition: 'workflows.node.condition',
  parallel: 'workflows.node.parallel',
  join: 'workflows.node.join',
  delay: 'workflows.node.delay',
};

export const nodeTypeHint: Record<NodeType, MessageKey> = {
  start: 'workflows.node.startHint',
  end: 'workflows.node.endHint',
  script: 'workflows.node.scriptHint',
  condition: 'workflows.node.conditionHint',
  parallel: 'workflows.node.parallelHint',
  join: 'workflows.node.joinHint',
  delay: 'workflows.node.delayHint',
};

/** A freshly dropped node, with the settings the API would default to. */
export function newNode(
  type: NodeType,
  key: string,
  position: { x: number; y: number },
  label: string,
  scriptId?: string,
): GraphNode {
  const base = { key, label, position, timeout_seconds: null, max_retries: null, error_policy: 'fail' as const };
  switch (type) {
    case 'script':
      return {
        ...base,
        type,
        config: {
          script_id: scriptId ?? null,
          script_version: null,
          retry_on_worker_loss: null,
          parameters: {},
          environment_vars: {},
        },
      };
    case 'condition':
      return { ...base, type, config: { condition: { mode: 'rule', left: '', operator: '==', right: true } } };
    case 'join':
      return { ...base, type, config: { mode: 'all' } };
    case 'delay':
      return { ...base, type, config: { seconds: 5 } };
    default:
      return { ...base, type, config: {} };
  }
}

/** A key not used yet: `<type>_<n>`, the smallest free n. */
export function freshKey(type: NodeType, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const key = `${type}_${n}`;
    if (!taken.has(key)) return key;
  }
}

/** Which source handles a node offers; `error` only while its policy routes errors along an edge. */
export function sourceHandles(node: Pick<GraphNode, 'type' | 'error_policy'>): string[] {
  if (node.type === 'end') return [];
  const main = node.type === 'condition' ? ['true', 'false'] : ['out'];
  return node.error_policy === 'error_edge' ? [...main, 'error'] : main;
}

export const hasTargetHandle = (type: NodeType) => type !== 'start';
