import { allowed, router } from '../init';
import {
  createWorkflowInput,
  listRunsInput,
  listWorkflowsInput,
  runIdInput,
  runWorkflowInput,
  updateWorkflowInput,
  validateWorkflowInput,
  workflowIdInput,
  workflowVersionInput,
} from '@/server/workflows/workflows.schema';
import { createWorkflow } from '@/server/workflows/create-workflow';
import { getWorkflow } from '@/server/workflows/get-workflow';
import { listWorkflows } from '@/server/workflows/list-workflows';
import { updateWorkflow } from '@/server/workflows/update-workflow';
import { deleteWorkflow } from '@/server/workflows/delete-workflow';
import { getWorkflowVersion, listWorkflowVersions } from '@/server/workflows/workflow-versions';
import { validateWorkflow } from '@/server/workflows/validate-workflow';
import { activateWorkflow } from '@/server/workflows/activate-workflow';
import { startWorkflowRun } from '@/server/workflows/start-workflow-run';
import { listWorkflowRuns } from '@/server/workflows/list-runs';
import { getWorkflowRun } from '@/server/workflows/get-run';
import { cancelWorkflowRun } from '@/server/workflows/cancel-run';
import { listPaletteScripts } from '@/server/workflows/palette-scripts';

export const workflowsRouter = router({
  list: allowed('workflow.read')
    .input(listWorkflowsInput)
    .query(({ ctx, input }) => listWorkflows({ actor: ctx.actor, input })),
  get: allowed('workflow.read')
    .input(workflowIdInput)
    .query(({ ctx, input }) => getWorkflow({ actor: ctx.actor, id: input.id })),
  create: allowed('workflow.write')
    .input(createWorkflowInput)
    .mutation(({ ctx, input }) => createWorkflow({ actor: ctx.actor, input, meta: ctx.meta })),
  update: allowed('workflow.write')
    .input(updateWorkflowInput)
    .mutation(({ ctx, input }) => updateWorkflow({ actor: ctx.actor, input, meta: ctx.meta })),
  delete: allowed('workflow.write')
    .input(workflowIdInput)
    .mutation(({ ctx, input }) => deleteWorkflow({ actor: ctx.actor, id: input.id, meta: ctx.meta })),
  versions: allowed('workflow.read')
    .input(workflowIdInput)
    .query(({ ctx, input }) => listWorkflowVersions({ actor: ctx.actor, id: input.id })),
  version: allowed('workflow.read')
    .input(workflowVersionInput)
    .query(({ ctx, input }) => getWorkflowVersion({ actor: ctx.actor, ...input })),
  // Validation while editing: read-only, so any reader may call it.
  validate: allowed('workflow.read')
    .input(validateWorkflowInput)
    .mutation(({ ctx, input }) => validateWorkflow({ actor: ctx.actor, input })),
  activate: allowed('workflow.write')
    .input(workflowIdInput)
    .mutation(({ ctx, input }) => activateWorkflow({ actor: ctx.actor, id: input.id, meta: ctx.meta })),
  run: allowed('workflow.run')
    .input(runWorkflowInput)
    .mutation(({ ctx, input }) =>
      startWorkflowRun({
        actor: ctx.actor,
        workflowId: input.id,
        input: input.input,
        trigger: 'manual',
        meta: ctx.meta,
      }),
    ),
  runs: allowed('workflow.read')
    .input(listRunsInput)
    .query(({ ctx, input }) => listWorkflowRuns({ actor: ctx.actor, input })),
  getRun: allowed('workflow.read')
    .input(runIdInput)
    .query(({ ctx, input }) => getWorkflowRun({ actor: ctx.actor, id: input.id })),
  cancelRun: allowed('workflow.run')
    .input(runIdInput)
    .mutation(({ ctx, input }) => cancelWorkflowRun({ actor: ctx.actor, id: input.id, meta: ctx.meta })),
  scriptsForPalette: allowed('workflow.read').query(({ ctx }) => listPaletteScripts({ actor: ctx.actor })),
});

export type WorkflowsRouter = typeof workflowsRouter;
