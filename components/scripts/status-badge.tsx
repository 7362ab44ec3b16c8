'use client';
import { useT } from '@/components/i18n/i18n-provider';
import type { MessageKey } from '@/components/i18n/locale';
import type { ScriptStatus } from './script-types';

const scriptStatusStyle: Record<ScriptStatus, string> = {
  draft: 'bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600',
  active: 'bg-green-50 text-green-700 ring-green-300 dark:bg-green-950 dark:text-green-300 dark:ring-green-800',
  disabled: 'bg-amber-50 text-amber-800 ring-amber-300 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-800',
  archived: 'bg-slate-50 text-slate-500 ring-slate-200 dark:bg-slate-900 dark:text-slate-500 dark:ring-slate-700',
};

const badge =
  'inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap';

export function ScriptStatusBadge({ status }: { status: ScriptStatus }) {
  const t = useT();
  return (
    <span className={`${badge} ${scriptStatusStyle[status]}`} data-testid="script-status-badge">
      {t(`scripts.status.${status}`)}
    </span>
  );
}

const runStatusStyle: Record<string, string> = {
  queued: 'bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600',
  running: 'bg-blue-50 text-blue-700 ring-blue-300 dark:bg-blue-950 dark:text-blue-300 dark:ring-blue-800',
  succeeded: 'bg-green-50 text-green-700 ring-green-300 dark:bg-green-950 dark:text-green-300 dark:ring-green-800',
  failed: 'bg-red-50 text-red-700 ring-red-300 dark:bg-red-950 dark:text-red-300 dark:ring-red-800',
  timed_out:
    'bg-orange-50 text-orange-700 ring-orange-300 dark:bg-orange-950 dark:text-orange-300 dark:ring-orange-800',
  cancelled: 'bg-slate-50 text-slate-500 ring-slate-200 dark:bg-slate-900 dark:text-slate-400 dark:ring-slate-700',
};

const runStatusKey: Record<string, MessageKey> = {
  queued: 'scripts.run.queued',
  running: 'scripts.run.running',
  succeeded: 'scripts.run.succeeded',
  failed: 'scripts.run.failed',
  timed_out: 'scripts.run.timed_out',
  cancelled: 'scripts.run.cancelled',
};

/** Execution statuses arrive as plain strings in list rows; an unknown one is shown as-is. */
export function RunStatusBadge({ status }: { status: string }) {
  const t = useT();
  const key = runStatusKey[status];
  return <span className={`${badge} ${runStatusStyle[status] ?? runStatusStyle.queued}`}>{key ? t(key) : status}</span>;
}
