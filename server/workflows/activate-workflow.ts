import type { Actor, RequestMeta } from '@/server/auth/actor';
import { updateWorkflow } from './update-workflow';
import type { WorkflowDto } from './workflows.schema';

/** Makes the current version runnable unattended; refused with 422 and the issues when it does not validate. */
export async function activateWorkflow(opts: { actor: Actor; id: string; meta?: RequestMeta }): Promise<WorkflowDto> {
  return updateWorkflow({
    actor: opts.actor,
    input: { id: opts.id, patch: { status: 'active' } },
    meta: opts.meta,
    action: 'workflow.activate',
  });
}
