import { assertCanRun, canRun, type TriggerType } from '@/server/scripts/status-rules';
import type { WorkflowStatus } from './workflows.schema';

/**
 * The same rule as scripts: only active workflows run unattended (schedules, events, webhooks,
 * other workflows); a draft may be run by hand or by API call to test it; disabled and archived
 * workflows never run.
 */
export function canRunWorkflow(status: WorkflowStatus, trigger: TriggerType): boolean {
  return canRun(status, trigger);
}

export function assertWorkflowCanRun(wf: { name: string; status: WorkflowStatus }, trigger: TriggerType): void {
  assertCanRun(wf, trigger, 'workflow');
}
