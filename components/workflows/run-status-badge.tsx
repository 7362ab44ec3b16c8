'use client';
import { useT } from '@/components/i18n/i18n-provider';
import { runStatusLabel, runStatusStyle } from '@/components/flow/run-status-style';
import type { MessageKey } from '@/components/i18n/locale';
import type { WorkflowStatus } from './workflow-types';

const badge =
  'inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset';

/** A run's (or a run node's) status; `data-status` carries the raw value for tests. */
export function WorkflowRunBadge({ status, testId }: { status: string; testId?: string }) {
  const t = useT();
  const style = runStatusStyle[status] ?? runStatusStyle.pending!;
  return (
    <span className={`${badge} ${style.badge}`} data-status={status} data-testid={testId}>
      <span aria-hidden className="relative flex h-1.5 w-1.5">
        {status === 'running' && (
          <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-blue-400 opacity-75" />
        )}
        <span className={`relative inline-flex h-1.5 w-1.5 rounded-full ${style.dot}`} />
      </span>
      {t(runStatusLabel[status] ?? 'workflows.status.pending')}
    </span>
  );
}

const statusStyle: Record<WorkflowStatus, string> = {
  draft: 'bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600',
  active: 'bg-green-50 text-green-700 ring-green-300 dark:bg-green-950 dark:text-green-300 dark:ring-green-800',
  disabled: 'bg-amber-50 text-amber-800 ring-amber-300 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-800',
  archived: 'bg-slate-50 text-slate-500 ring-slate-200 dark:bg-slate-900 dark:text-slate-500 dark:ring-slate-700',
};

export const workflowStatusLabel: Record<WorkflowStatus, MessageKey> = {
  draft: 'workflows.wfStatus.draft',
  active: 'workflows.wfStatus.active',
  disabled: 'workflows.wfStatus.disabled',
  archived: 'workflows.wfStatus.archived',
};

export function WorkflowStatusBadge({ status, testId }: { status: WorkflowStatus; testId?: string }) {
  const t = useT();
  return (
    <span className={`${badge} ${statusStyle[status]}`} data-status={status} data-testid={testId}>
      {t(workflowStatusLabel[status])}
    </span>
  );
}
