import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/server/auth/actor';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { createWorkflow } from '../create-workflow';
import { updateWorkflow } from '../update-workflow';
import { getWorkflow } from '../get-workflow';
import { listWorkflows } from '../list-workflows';
import { deleteWorkflow } from '../delete-workflow';
import { activateWorkflow } from '../activate-workflow';
import { getWorkflowVersion, listWorkflowVersions } from '../workflow-versions';
import { listPaletteScripts } from '../palette-scripts';
import { startWorkflowRun } from '../start-workflow-run';
import { listWorkflowRuns } from '../list-runs';
import { activeScript, e, n } from './workflow-harness';

let admin: Actor;
let viewer: Actor;
let operator: Actor;
beforeAll(async () => {
  admin = await createTestActor('admin');
  viewer = await createTestActor('viewer');
  operator = await createTestActor('operator');
});

describe('workflows service', () => {
  it('creates a draft with a default start → end graph', async () => {
    const wf = await createWorkflow({ actor: admin, input: { name: uniqueName('wf') } });
    expect(wf.status).toBe('draft');
    expect(wf.version).toBe(1);
    expect(wf.graph.nodes.map((x) => x.type)).toEqual(['start', 'end']);
    expect((await getWorkflow({ actor: viewer, id: wf.id })).graph).toEqual(wf.graph);
  });

  it('saves an invalid draft but refuses to activate it with 422 and per-node details', async () => {
    const wf = await createWorkflow({
      actor: admin,
      input: {
        name: uniqueName('wf'),
        graph: { nodes: [n.start(), n.parallel('p'), n.end()], edges: [e('start', 'end')] },
      },
    });
    const err = await activateWorkflow({ actor: admin, id: wf.id }).catch((x: unknown) => x);
    expect(err).toMatchObject({ code: 'UNPROCESSABLE' });
    expect((err as { details: Array<{ field: string; message: string }> }).details).toContainEqual({
      field: 'graph.nodes.p',
      message: expect.stringContaining('[unreachable]'),
      code: 'workflow.unreachable_no_incoming',
      params: { node: 'p' },
    });
    await expect(
      createWorkflow({
        actor: admin,
        input: { name: uniqueName('wf'), status: 'active', graph: { nodes: [n.end()], edges: [] } },
      }),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
    expect((await getWorkflow({ actor: admin, id: wf.id })).status).toBe('draft');
  });

  it('makes a new immutable version on every graph change, not on metadata changes', async () => {
    const wf = await createWorkflow({ actor: admin, input: { name: uniqueName('wf') } });
    const renamed = await updateWorkflow({ actor: admin, input: { id: wf.id, patch: { description: 'new words' } } });
    expect(renamed.version).toBe(1);
    const same = await updateWorkflow({ actor: admin, input: { id: wf.id, patch: { graph: wf.graph } } });
    expect(same.version).toBe(1);
    const graph2 = { nodes: [n.start(), n.delay('wait', 2), n.end()], edges: [e('start', 'wait'), e('wait', 'end')] };
    const v2 = await updateWorkflow({
      actor: admin,
      input: { id: wf.id, patch: { graph: graph2, message: 'add a pause', base_version: 1 } },
    });
    expect(v2.version).toBe(2);
    await expect(
      updateWorkflow({ actor: admin, input: { id: wf.id, patch: { description: 'stale', base_version: 1 } } }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const versions = await listWorkflowVersions({ actor: viewer, id: wf.id });
    expect(versions.map((v) => [v.version, v.message, v.node_count])).toEqual([
      [2, 'add a pause', 3],
      [1, 'created', 2],
    ]);
    expect((await getWorkflowVersion({ actor: viewer, id: wf.id, version: 1 })).graph).toEqual(wf.graph);
    expect((await getWorkflowVersion({ actor: viewer, id: wf.id, version: 2 })).graph.nodes[1]).toMatchObject({
      key: 'wait',
      type: 'delay',
      config: { seconds: 2 },
    });
  });

  it('keeps names unique among live workflows and frees them on delete', async () => {
    const name = uniqueName('dup');
    const wf = await createWorkflow({ actor: admin, input: { name } });
    await expect(createWorkflow({ actor: admin, input: { name: name.toUpperCase() } })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await deleteWorkflow({ actor: admin, id: wf.id });
    await expect(getWorkflow({ actor: admin, id: wf.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const again = await createWorkflow({ actor: admin, input: { name } });
    expect(again.id).not.toBe(wf.id);
    const listed = await listWorkflows({ actor: viewer, input: { search: name } });
    expect(listed.items.map((w) => w.id)).toEqual([again.id]);
  });

  it('checks permissions: viewers read, operators run, editors write', async () => {
    await expect(createWorkflow({ actor: viewer, input: { name: uniqueName('wf') } })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(createWorkflow({ actor: operator, input: { name: uniqueName('wf') } })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const wf = await createWorkflow({ actor: admin, input: { name: uniqueName('wf') } });
    await expect(startWorkflowRun({ actor: viewer, workflowId: wf.id, trigger: 'manual' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const run = await startWorkflowRun({ actor: operator, workflowId: wf.id, trigger: 'manual' });
    expect(run.status).toBe('queued');
    expect((await listWorkflowRuns({ actor: viewer, input: { workflow_id: wf.id } })).items.map((r) => r.id)).toEqual([
      run.id,
    ]);
  });

  it('runs drafts only by hand or API; disabled workflows never', async () => {
    const wf = await createWorkflow({ actor: admin, input: { name: uniqueName('wf') } });
    await expect(startWorkflowRun({ actor: admin, workflowId: wf.id, trigger: 'schedule' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('draft'),
    });
    await updateWorkflow({ actor: admin, input: { id: wf.id, patch: { status: 'disabled' } } });
    await expect(startWorkflowRun({ actor: admin, workflowId: wf.id, trigger: 'manual' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('disabled'),
    });
    await activateWorkflow({ actor: admin, id: wf.id });
    expect(
      (await startWorkflowRun({ actor: admin, workflowId: wf.id, trigger: 'schedule', triggerRef: 'schedule:x' }))
        .trigger_ref,
    ).toBe('schedule:x');
  });

  it('lists non-archived scripts for the designer palette', async () => {
    const s = await activeScript(admin, 'echo hi', 'bash', {
      parameters_schema: { type: 'object', properties: { a: { type: 'string' } } },
    });
    const palette = await listPaletteScripts({ actor: viewer });
    expect(palette.find((p) => p.id === s.id)).toEqual({
      id: s.id,
      name: s.name,
      language: 'bash',
      status: 'active',
      version: 1,
      parameters_schema: { type: 'object', properties: { a: { type: 'string' } } },
    });
  });
});

describe('workflows tRPC router', () => {
  it('serves the designer: palette, validate, save, activate (422 with details), run, getRun', async () => {
    const { createCallerFactory } = await import('@/server/trpc/init');
    const { appRouter } = await import('@/server/trpc/router');
    const caller = createCallerFactory(appRouter)({ actor: admin, meta: {} });
    const s = await activeScript(admin, 'echo hi');
    expect((await caller.workflows.scriptsForPalette()).some((p) => p.id === s.id)).toBe(true);
    const graph = {
      nodes: [n.start(), n.script('step', s.id), n.end()],
      edges: [e('start', 'step'), e('step', 'end')],
    };
    expect(await caller.workflows.validate({ graph })).toEqual({ valid: true, issues: [] });
    const wf = await caller.workflows.create({
      name: uniqueName('trpc'),
      graph: { nodes: [n.start(), n.end()], edges: [] },
    });
    const refused = (await caller.workflows.activate({ id: wf.id }).catch((x: unknown) => x)) as {
      code: string;
      cause: { details: unknown[] };
    };
    expect(refused).toMatchObject({ code: 'UNPROCESSABLE_CONTENT' });
    expect(refused.cause.details).toContainEqual(
      expect.objectContaining({ field: 'graph.nodes.end', message: expect.stringContaining('[unreachable]') }),
    );
    const saved = await caller.workflows.update({ id: wf.id, patch: { graph, base_version: wf.version } });
    expect((await caller.workflows.activate({ id: wf.id })).status).toBe('active');
    expect((await caller.workflows.versions({ id: wf.id })).map((v) => v.version)).toEqual([saved.version, 1]);
    const run = await caller.workflows.run({ id: wf.id, input: {} });
    expect((await caller.workflows.getRun({ id: run.id })).nodes.map((x) => x.node_key).sort()).toEqual([
      'end',
      'start',
      'step',
    ]);
    expect((await caller.workflows.runs({ workflow_id: wf.id })).total).toBe(1);
    expect((await caller.workflows.cancelRun({ id: run.id })).status).toBe('cancelled');
  });
});
