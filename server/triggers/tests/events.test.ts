import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { events, executions, users, workflowRuns } from '@/db/schema';
import { chain, n, workflowOf } from '@/server/workflows/tests/workflow-harness';
import type { Actor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { createTestActor } from '@/server/test/fixtures';
import { scriptFor } from '@/server/executions/tests/engine-harness';
import { publishEvent } from '@/server/events/publish-event';
import { listEvents } from '@/server/events/list-events';
import { createTrigger } from '../create-trigger';
import { updateTrigger } from '../update-trigger';
import { testTrigger } from '../test-trigger';

let admin: Actor;
let owner: Actor & { type: 'user' };
let scriptId: string;

async function expectAppError(p: Promise<unknown>, code: string, message: RegExp) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  expect((err as AppError).message).toMatch(message);
}

const execution = async (id: string) => (await db().select().from(executions).where(eq(executions.id, id)))[0]!;

beforeAll(async () => {
  admin = await createTestActor('admin');
  owner = await createTestActor('editor');
  scriptId = (await scriptFor(admin, 'echo snapshot', 'bash', { status: 'active' })).id;
});

describe('events and triggers', () => {
  it('matches exact and wildcard patterns and filters; starts runs with the event as input', async () => {
    // Unique type prefix so other tests' triggers do not interfere.
    const ns = `t${Date.now()}`;
    const intrusion = await createTrigger({
      actor: owner,
      input: {
        name: 'intrusion',
        event_pattern: `${ns}.camera.*`,
        filter: 'payload.kind == "intrusion"',
        target_type: 'script',
        target_id: scriptId,
      },
    });
    const mapped = await createTrigger({
      actor: owner,
      input: {
        name: 'mapped',
        event_pattern: `${ns}.camera.alarm`,
        target_type: 'script',
        target_id: scriptId,
        parameter_mapping: { cam: 'payload.camera_id', what: '"alarm from " + source' },
      },
    });
    const broken = await createTrigger({
      actor: owner,
      input: {
        name: 'broken filter',
        event_pattern: `${ns}.camera.*`,
        filter: 'payload|nosuchtransform',
        target_type: 'script',
        target_id: scriptId,
      },
    });
    const other = await createTrigger({
      actor: owner,
      input: { name: 'door', event_pattern: `${ns}.door.open`, target_type: 'script', target_id: scriptId },
    });
    const disabled = await createTrigger({
      actor: owner,
      input: { name: 'disabled', enabled: false, event_pattern: `${ns}.*`, target_type: 'script', target_id: scriptId },
    });

    const r = await publishEvent({
      actor: admin,
      input: { type: `${ns}.camera.alarm`, source: 'nvr-1', payload: { camera_id: 3, kind: 'intrusion' } },
    });
    const byTrigger = new Map(r.deliveries.map((d) => [d.trigger_id, d]));
    expect(byTrigger.get(intrusion.id)?.outcome).toBe('started');
    expect(byTrigger.get(mapped.id)?.outcome).toBe('started');
    expect(byTrigger.get(broken.id)).toMatchObject({
      outcome: 'filtered',
      error: expect.stringMatching(/filter failed: .*nosuchtransform/),
    });
    expect(byTrigger.has(other.id)).toBe(false);
    expect(byTrigger.has(disabled.id)).toBe(false);
    expect(r.executions.map((e) => e.trigger_id).sort()).toEqual([intrusion.id, mapped.id].sort());

    const e1 = await execution(byTrigger.get(intrusion.id)!.run_id!);
    expect(e1.triggerType).toBe('event');
    expect(e1.triggerRef).toBe(r.event_id);
    expect(e1.actorId).toBe(owner.id);
    expect(e1.inputParameters).toEqual({
      camera_id: 3,
      kind: 'intrusion',
      event: { type: `${ns}.camera.alarm`, source: 'nvr-1', payload: { camera_id: 3, kind: 'intrusion' } },
    });
    const e2 = await execution(byTrigger.get(mapped.id)!.run_id!);
    expect(e2.inputParameters).toEqual({ cam: 3, what: 'alarm from nvr-1' });

    // The filter decides: a motion alarm only reaches the unfiltered trigger.
    const motion = await publishEvent({
      actor: admin,
      input: { type: `${ns}.camera.alarm`, payload: { camera_id: 4, kind: 'motion' } },
    });
    expect(motion.executions.map((e) => e.trigger_id)).toEqual([mapped.id]);
    expect(motion.deliveries.find((d) => d.trigger_id === intrusion.id)?.outcome).toBe('filtered');

    // Stored with its deliveries; listed per trigger.
    const stored = (await db().select().from(events).where(eq(events.id, r.event_id)))[0]!;
    expect(stored.type).toBe(`${ns}.camera.alarm`);
    expect(stored.source).toBe('nvr-1');
    const forIntrusion = await listEvents({ actor: admin, input: { trigger_id: intrusion.id } });
    expect(forIntrusion.items.map((e) => e.id)).toEqual([motion.event_id, r.event_id]);
    expect(forIntrusion.items[1]!.deliveries.find((d) => d.trigger_id === intrusion.id)?.run_id).toBe(e1.id);

    // `*` catches everything.
    const all = await createTrigger({
      actor: owner,
      input: {
        name: 'all',
        event_pattern: '*',
        filter: `type == "${ns}.weather"`,
        target_type: 'script',
        target_id: scriptId,
      },
    });
    const weather = await publishEvent({ actor: admin, input: { type: `${ns}.weather` } });
    expect(weather.executions.map((e) => e.trigger_id)).toEqual([all.id]);
    await updateTrigger({ actor: owner, input: { id: all.id, patch: { enabled: false } } });
  });

  it('starts a workflow target with the event as its input', async () => {
    const ns = `wf${Date.now()}`;
    const wf = await workflowOf(admin, {
      nodes: [n.start(), n.script('snap', scriptId), n.end()],
      edges: chain('start', 'snap', 'end'),
    });
    const t = await createTrigger({
      actor: owner,
      input: { name: 'to workflow', event_pattern: `${ns}.*`, target_type: 'workflow', target_id: wf.id },
    });
    expect(t.target_name).toBe(wf.name);
    const r = await publishEvent({ actor: admin, input: { type: `${ns}.alarm`, payload: { camera_id: 5 } } });
    expect(r.executions).toEqual([expect.objectContaining({ trigger_id: t.id, kind: 'workflow_run' })]);
    const [run] = await db().select().from(workflowRuns).where(eq(workflowRuns.id, r.executions[0]!.id));
    expect(run).toMatchObject({ workflowId: wf.id, triggerType: 'event', triggerRef: r.event_id, actorId: owner.id });
    expect(run!.input).toMatchObject({ camera_id: 5, event: { type: `${ns}.alarm` } });
  });

  it('stores an event that matches nothing and answers an empty list', async () => {
    const r = await publishEvent({ actor: admin, input: { type: `nobody.listens.${Date.now()}`, payload: { a: 1 } } });
    expect(r.executions).toEqual([]);
    expect(r.deliveries).toEqual([]);
    const listed = await listEvents({ actor: admin, input: { type: r.type } });
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ id: r.event_id, kind: 'event', payload: { a: 1 }, deliveries: [] });
  });

  it('records a refusal: a draft target, an owner no longer allowed to run, a mapping that fails', async () => {
    const ns = `r${Date.now()}`;
    const draft = await scriptFor(admin, 'echo x', 'bash', { status: 'draft' });
    const toDraft = await createTrigger({
      actor: owner,
      input: { name: 'to draft', event_pattern: `${ns}.a`, target_type: 'script', target_id: draft.id },
    });
    const demoted = await createTestActor('editor');
    const byDemoted = await createTrigger({
      actor: demoted,
      input: { name: 'demoted owner', event_pattern: `${ns}.a`, target_type: 'script', target_id: scriptId },
    });
    await db().update(users).set({ role: 'viewer' }).where(eq(users.id, demoted.id));
    const badMapping = await createTrigger({
      actor: owner,
      input: {
        name: 'bad mapping',
        event_pattern: `${ns}.a`,
        target_type: 'script',
        target_id: scriptId,
        parameter_mapping: { x: 'payload|nope' },
      },
    });
    const r = await publishEvent({ actor: admin, input: { type: `${ns}.a`, payload: {} } });
    const d = new Map(r.deliveries.map((x) => [x.trigger_id, x]));
    expect(d.get(toDraft.id)).toMatchObject({ outcome: 'refused', error: expect.stringMatching(/draft/) });
    expect(d.get(byDemoted.id)).toMatchObject({
      outcome: 'refused',
      error: expect.stringMatching(/may not script.run/),
    });
    expect(d.get(badMapping.id)).toMatchObject({
      outcome: 'refused',
      error: expect.stringMatching(/^parameter_mapping.x:/),
    });
    expect(r.executions).toEqual([]);
  });

  it('refuses bad trigger input with field names, and publishing without permission', async () => {
    const base = { name: 'x', event_pattern: 'a.b', target_type: 'script' as const, target_id: scriptId };
    await expectAppError(
      createTrigger({ actor: owner, input: { ...base, filter: 'payload.(' } }),
      'VALIDATION_ERROR',
      /^filter: is not a valid expression/,
    );
    await expectAppError(
      createTrigger({ actor: owner, input: { ...base, event_pattern: 'bad pattern!' } }),
      'VALIDATION_ERROR',
      /^event_pattern: must be an event type/,
    );
    await expectAppError(
      createTrigger({ actor: owner, input: { ...base, parameter_mapping: { 'not a name': 'payload' } } }),
      'VALIDATION_ERROR',
      /^parameter_mapping/,
    );
    await expectAppError(
      createTrigger({ actor: owner, input: { ...base, event_pattern: null } }),
      'VALIDATION_ERROR',
      /^event_pattern: set an event pattern/,
    );
    await expectAppError(
      createTrigger({ actor: owner, input: { ...base, target_type: 'workflow' } }),
      'UNPROCESSABLE',
      /^target_id: workflow .* does not exist/,
    );
    await expectAppError(
      createTrigger({ actor: await createTestActor('operator'), input: base }),
      'FORBIDDEN',
      /trigger.write/,
    );
    await expectAppError(
      publishEvent({ actor: await createTestActor('viewer'), input: { type: 'a.b' } }),
      'FORBIDDEN',
      /event.publish/,
    );
    await expectAppError(publishEvent({ actor: admin, input: { type: 'has spaces' } }), 'VALIDATION_ERROR', /^type:/);
  });

  it('the editor test box: pattern, filter and mapping against a sample, nothing stored', async () => {
    const before = (await listEvents({ actor: admin, input: {} })).total;
    const ok = testTrigger({
      actor: admin,
      input: {
        event_pattern: 'camera.*',
        filter: 'payload.camera_id > 2',
        parameter_mapping: { cam: 'payload.camera_id' },
        sample: { type: 'camera.alarm', payload: { camera_id: 3 } },
      },
    });
    expect(ok).toMatchObject({
      pattern_matched: true,
      filter_matched: true,
      filter_error: null,
      input: { cam: 3 },
      mapping_error: null,
    });
    const no = testTrigger({
      actor: admin,
      input: {
        event_pattern: 'door.*',
        filter: 'payload.camera_id > 5',
        sample: { type: 'camera.alarm', payload: { camera_id: 3 } },
      },
    });
    expect(no).toMatchObject({ pattern_matched: false, filter_matched: false });
    const broken = testTrigger({ actor: admin, input: { filter: 'payload.(', sample: { payload: {} } } });
    expect(broken.filter_error).toMatch(/filter failed/);
    expect((await listEvents({ actor: admin, input: {} })).total).toBe(before);
  });
});
