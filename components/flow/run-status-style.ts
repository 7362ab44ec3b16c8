import type { MessageKey } from '@/components/i18n/locale';

/** Node frame and badge per run status; unknown statuses fall back to `pending`. */
export const runStatusStyle: Record<string, { frame: string; badge: string; dot: string }> = {
  pending: {
    frame: 'border-slate-200 opacity-70 dark:border-slate-700',
    badge: 'bg-slate-50 text-slate-500 ring-slate-200 dark:bg-slate-900 dark:text-slate-400 dark:ring-slate-700',
    dot: 'bg-slate-300',
  },
  queued: {
    frame: 'border-gray-400 dark:border-gray-500',
    badge: 'bg-gray-100 text-gray-700 ring-gray-300 dark:bg-gray-800 dark:text-gray-300 dark:ring-gray-600',
    dot: 'bg-gray-400',
  },
  running: {
    frame: 'border-blue-500 flow-node-running',
    badge: 'bg-blue-50 text-blue-700 ring-blue-300 dark:bg-blue-950 dark:text-blue-300 dark:ring-blue-800',
    dot: 'bg-blue-500',
  },
  succeeded: {
    frame: 'border-green-500 bg-green-50/60 dark:bg-green-950/40',
    badge: 'bg-green-50 text-green-700 ring-green-300 dark:bg-green-950 dark:text-green-300 dark:ring-green-800',
    dot: 'bg-green-500',
  },
  failed: {
    frame: 'border-red-500 bg-red-50/60 dark:bg-red-950/40',
    badge: 'bg-red-50 text-red-700 ring-red-300 dark:bg-red-950 dark:text-red-300 dark:ring-red-800',
    dot: 'bg-red-500',
  },
  timed_out: {
    frame: 'border-orange-500 bg-orange-50/60 dark:bg-orange-950/40',
    badge: 'bg-orange-50 text-orange-700 ring-orange-300 dark:bg-orange-950 dark:text-orange-300 dark:ring-orange-800',
    dot: 'bg-orange-500',
  },
  skipped: {
    frame: 'border-dashed border-slate-300 bg-slate-50 text-slate-400 dark:border-slate-600 dark:bg-slate-900/60',
    badge: 'bg-slate-50 text-slate-400 ring-slate-200 dark:bg-slate-900 dark:text-slate-500 dark:ring-slate-700',
    dot: 'bg-slate-300',
  },
  cancelled: {
    frame: 'border-slate-500 bg-slate-100 dark:border-slate-400 dark:bg-slate-800/60',
    badge: 'bg-slate-200 text-slate-700 ring-slate-400 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600',
    dot: 'bg-slate-500',
  },
};

export const runStatusLabel: Record<string, MessageKey> = {
  pending: 'workflows.status.pending',
  queued: 'workflows.status.queued',
  running: 'workflows.status.running',
  succeeded: 'workflows.status.succeeded',
  failed: 'workflows.status.failed',
  timed_out: 'workflows.status.timed_out',
  skipped: 'workflows.status.skipped',
  cancelled: 'workflows.status.cancelled',
};

export const finalRunStatuses = new Set(['succeeded', 'failed', 'cancelled', 'timed_out']);

export const edgeColour: Record<string, string> = { true: '#16a34a', false: '#d97706', error: '#dc2626' };
