import { AppError } from '@/server/errors/app-error';
import type { TriggerType } from '@/server/scripts/status-rules';
import type { WorkflowStatus } from './workflows.schema';

/**
 * Same rule as scripts (server/scripts/status-rules.ts): only active workflows run unattended
 * (schedules, events, webhooks, other workflows); a draft may be run by hand or by API call to test
 * it; disabled and archived workflows never run.
 */
export function canRunWorkflow(status: WorkflowStatus, trigger: TriggerType): boolean {
  switch (status) {
    case 'active':
      return true;
    case 'draft':
      return trigger === 'manual' || trigger === 'api';
    case 'disabled':
    case 'archived':
      return false;
  }
}

export function assertWorkflowCanRun(wf: { name: string; status: WorkflowStatus }, trigger: TriggerType): void {
  if (!canRunWorkflow(wf.status, trigger)) {
    throw new AppError(
      'CONFLICT',
      wf.status === 'draft'
        ? `workflow "${wf.name}" is a draft: only manual and API runs are allowed until it is active`
        : `workflow "${wf.name}" is ${wf.status} and cannot run`,
    );
  }
}
