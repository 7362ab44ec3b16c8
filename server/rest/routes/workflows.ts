import { z } from 'zod';
import {
  cancelRunResult,
  createWorkflowInput,
  listRunsInput,
  listWorkflowsInput,
  runIdInput,
  runWorkflowBody,
  updateWorkflowPatch,
  validateWorkflowInput,
  validationResult,
  workflowDto,
  workflowIdInput,
  workflowRunDetailDto,
  workflowRunDto,
  workflowSummaryDto,
} from '@/server/workflows/workflows.schema';
import { createWorkflow } from '@/server/workflows/create-workflow';
import { listWorkflows } from '@/server/workflows/list-workflows';
import { getWorkflow } from '@/server/workflows/get-workflow';
import { updateWorkflow } from '@/server/workflows/update-workflow';
import { deleteWorkflow } from '@/server/workflows/delete-workflow';
import { validateWorkflow } from '@/server/workflows/validate-workflow';
import { activateWorkflow } from '@/server/workflows/activate-workflow';
import { startWorkflowRun } from '@/server/workflows/start-workflow-run';
import { listWorkflowRuns } from '@/server/workflows/list-runs';
import { getWorkflowRun } from '@/server/workflows/get-run';
import { cancelWorkflowRun } from '@/server/workflows/cancel-run';
import { defineRoute } from '../rest-route';
import { pageOf } from './page-of';

const runParams = z.object({ run_id: runIdInput.shape.id });

export const workflowRoutes = [
  defineRoute({
    method: 'POST',
    path: '/api/v1/workflows/',
    summary: 'Create a workflow (a draft may be incomplete; status active requires a valid graph)',
    tag: 'workflows',
    permission: 'workflow.write',
    body: createWorkflowInput,
    response: workflowDto,
    status: 201,
    handler: ({ actor, body, meta }) => createWorkflow({ actor, input: body, meta }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/workflows/',
    summary: 'List workflows (filters: status, search)',
    tag: 'workflows',
    permission: 'workflow.read',
    query: listWorkflowsInput,
    response: pageOf(workflowSummaryDto),
    handler: ({ actor, query }) => listWorkflows({ actor, input: query }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/workflows/validate',
    summary: 'Validate a graph without saving it; answers the list of issues (node key or edge id, code, message)',
    tag: 'workflows',
    permission: 'workflow.read',
    body: validateWorkflowInput,
    response: validationResult,
    handler: ({ actor, body }) => validateWorkflow({ actor, input: body }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/workflows/runs/{run_id}',
    summary: 'Get a workflow run with the state of every node',
    tag: 'workflows',
    permission: 'workflow.read',
    params: runParams,
    response: workflowRunDetailDto,
    handler: ({ actor, params }) => getWorkflowRun({ actor, id: params.run_id }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/workflows/runs/{run_id}/cancel',
    summary: 'Cancel a workflow run: running node executions are stopped, pending nodes cancelled',
    tag: 'workflows',
    permission: 'workflow.run',
    params: runParams,
    response: cancelRunResult,
    handler: ({ actor, params, meta }) => cancelWorkflowRun({ actor, id: params.run_id, meta }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/workflows/{id}',
    summary: 'Get a workflow with the graph of its current version',
    tag: 'workflows',
    permission: 'workflow.read',
    params: workflowIdInput,
    response: workflowDto,
    handler: ({ actor, params }) => getWorkflow({ actor, id: params.id }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/v1/workflows/{id}',
    summary:
      'Update a workflow (fields given are changed; a graph change makes a new version; 422 when an active workflow would become invalid)',
    tag: 'workflows',
    permission: 'workflow.write',
    params: workflowIdInput,
    body: updateWorkflowPatch,
    response: workflowDto,
    handler: ({ actor, params, body, meta }) => updateWorkflow({ actor, input: { id: params.id, patch: body }, meta }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/workflows/{id}',
    summary: 'Delete a workflow (its runs stay readable)',
    tag: 'workflows',
    permission: 'workflow.write',
    params: workflowIdInput,
    response: z.object({ id: z.uuid(), deleted: z.literal(true) }),
    handler: ({ actor, params, meta }) => deleteWorkflow({ actor, id: params.id, meta }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/workflows/{id}/activate',
    summary: 'Activate a workflow; 422 with the validation issues as details when its graph is not valid',
    tag: 'workflows',
    permission: 'workflow.write',
    params: workflowIdInput,
    response: workflowDto,
    handler: ({ actor, params, meta }) => activateWorkflow({ actor, id: params.id, meta }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/workflows/{id}/run',
    summary: 'Start a run of the current version with the given input (checked against the input schema)',
    tag: 'workflows',
    permission: 'workflow.run',
    params: workflowIdInput,
    body: runWorkflowBody,
    response: workflowRunDto,
    status: 202,
    handler: ({ actor, params, body, meta }) =>
      startWorkflowRun({ actor, workflowId: params.id, input: body.input, trigger: 'api', meta }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/workflows/{id}/runs',
    summary: "List one workflow's runs, newest first",
    tag: 'workflows',
    permission: 'workflow.read',
    params: workflowIdInput,
    query: listRunsInput.omit({ workflow_id: true }),
    response: pageOf(workflowRunDto),
    handler: ({ actor, params, query }) => listWorkflowRuns({ actor, input: { ...query, workflow_id: params.id } }),
  }),
];
