import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomUUID } from 'node:crypto';
import { and, count, eq, like } from 'drizzle-orm';
import { db } from '@/db/client';
import { auditLogs, executions } from '@/db/schema';
import type { Actor, Role } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { publishEvent } from '@/server/events/publish-event';
import { executeScript } from '@/server/executions/execute-script';
import { scriptFor, waitForStatus } from '@/server/executions/tests/engine-harness';
import { createSchedule } from '@/server/schedules/create-schedule';
import { fireSchedule } from '@/server/schedules/fire-schedule';
import { createScriptFromTemplate } from '@/server/templates/create-script-from-template';
import { createTemplate } from '@/server/templates/create-template';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { createTrigger } from '@/server/triggers/create-trigger';
import { startWorkflowRun } from '@/server/workflows/start-workflow-run';
import { updateWorkflow } from '@/server/workflows/update-workflow';
import { activeScript, chain, n, waitForRun, workflowOf } from '@/server/workflows/tests/workflow-harness';
import { startTestWorker, type WorkerRuntime } from '@/server/test/worker-harness';
import { decideSecretScope, type SecretScopeInput, secretScope } from '../secret-scope';
import { setSecretScope } from '@/server/secrets/set-secret-scope';
import { upsertSecret } from '@/server/secrets/upsert-secret';

const A = randomUUID();
const B = randomUUID();
const W = randomUUID();
const U = randomUUID();
const sc = (s: SecretScopeInput) => secretScope.parse(s);

describe('scope decisions (pure): role × scope × where', () => {
  const places = {
    scriptA: { scriptId: A, scriptName: 'a', scriptTags: [], workflowId: null },
    scriptBTagged: { scriptId: B, scriptName: 'b', scriptTags: ['cams'], workflowId: null },
    scriptBInW: { scriptId: B, scriptName: 'b', scriptTags: [], workflowId: W },
  };
  const scopes = {
    none: null,
    operatorsAnywhere: sc({ roles: ['operator'], any_where: true }),
    editorsInA: sc({ roles: ['editor'], script_ids: [A] }),
    userUTagged: sc({ user_ids: [U], tags: ['cams'] }),
    inW: sc({ roles: ['operator', 'editor'], workflow_ids: [W] }),
  };
  type P = keyof typeof places;
  type S = keyof typeof scopes;
  // [scope, role, user is U, place, allowed]
  const table: Array<[S, Role, boolean, P, boolean]> = [
    ['none', 'admin', false, 'scriptA', true],
    ['none', 'editor', false, 'scriptA', false],
    ['none', 'operator', true, 'scriptBTagged', false],
    ['operatorsAnywhere', 'operator', false, 'scriptA', true],
    ['operatorsAnywhere', 'operator', false, 'scriptBInW', true],
    ['operatorsAnywhere', 'editor', false, 'scriptA', false],
    ['operatorsAnywhere', 'viewer', false, 'scriptA', false],
    ['operatorsAnywhere', 'admin', false, 'scriptA', true],
    ['editorsInA', 'editor', false, 'scriptA', true],
    ['editorsInA', 'editor', false, 'scriptBTagged', false],
    ['editorsInA', 'admin', false, 'scriptBTagged', false], // where applies to admins too
    ['editorsInA', 'operator', false, 'scriptA', false],
    ['userUTagged', 'operator', true, 'scriptBTagged', true],
    ['userUTagged', 'operator', false, 'scriptBTagged', false],
    ['userUTagged', 'operator', true, 'scriptA', false],
    ['inW', 'operator', false, 'scriptBInW', true],
    ['inW', 'operator', false, 'scriptBTagged', false],
    ['inW', 'editor', false, 'scriptA', false],
  ];
  it.each(table)('scope %s, role %s (user U: %s), %s → allowed %s', (scope, role, isU, place, allowed) => {
    const d = decideSecretScope(scopes[scope], { role, userId: isU ? U : randomUUID(), label: 'x' }, places[place]);
    expect(d.ok).toBe(allowed);
    if (!d.ok) expect(d.reason.length).toBeGreaterThan(10);
  });
  it('a deleted or disabled user is never in scope', () => {
    expect(
      decideSecretScope(
        scopes.operatorsAnywhere,
        { role: 'operator', userId: U, label: 'x', gone: true },
        places.scriptA,
      ).ok,
    ).toBe(false);
  });
  it('refuses scopes that name nobody or nowhere, or mix anywhere with a list', () => {
    expect(secretScope.safeParse({ any_where: true }).success).toBe(false);
    expect(secretScope.safeParse({ roles: ['operator'] }).success).toBe(false);
    expect(secretScope.safeParse({ roles: ['operator'], any_where: true, tags: ['x'] }).success).toBe(false);
  });
});

let admin: Actor & { type: 'user' };
let editor: Actor & { type: 'user' };
let operator: Actor & { type: 'user' };
let viewer: Actor & { type: 'user' };
let worker: WorkerRuntime;

beforeAll(async () => {
  [admin, editor, operator, viewer] = await Promise.all([
    createTestActor('admin'),
    createTestActor('editor'),
    createTestActor('operator'),
    createTestActor('viewer'),
  ]);
  worker = await startTestWorker({ concurrency: 2 });
});
afterAll(async () => {
  await worker?.stop(2000);
});

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
async function secretWith(scope: SecretScopeInput | null) {
  const name = `SC_${randomUUID().slice(0, 8).toUpperCase()}`;
  const value = `val-${randomUUID()}`;
  await upsertSecret({ actor: admin, input: { name, value, ...(scope ? { scope } : {}) } });
  return { name, value, ref: `{{secret:${name}}}` };
}
async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}
const refusalsAudited = async (name: string) =>
  (
    await db()
      .select({ n: count() })
      .from(auditLogs)
      .where(and(eq(auditLogs.action, 'secret.refused'), like(auditLogs.summary, `%secret ${name} refused%`)))
  )[0]!.n;
const runsOf = async (scriptId: string) =>
  (await db().select({ n: count() }).from(executions).where(eq(executions.scriptId, scriptId)))[0]!.n;

describe('ad-hoc runs', () => {
  it("the issue: an operator cannot put any secret into the environment of another user's draft; refused with 403 naming it, audited, nothing queued", async () => {
    const s = await secretWith(null);
    const draft = await scriptFor(editor, 'echo "$X" | base64\n');
    const err = await refusal(
      executeScript({ actor: operator, input: { id: draft.id, environment_vars: { X: s.ref } }, trigger: 'manual' }),
    );
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toContain(`secret ${s.name} may not be used here`);
    expect(err.message).toContain('only admins');
    expect(err.details).toEqual([{ field: 'environment_vars.X', message: expect.stringContaining(s.name) }]);
    expect(await refusalsAudited(s.name)).toBe(1);
    expect(await runsOf(draft.id)).toBe(0);
    // An admin may use an unscoped secret.
    const ok = await executeScript({
      actor: admin,
      input: { id: draft.id, environment_vars: { X: s.ref } },
      trigger: 'manual',
    });
    expect(ok.status).toBe('queued');
  });

  it('role × scope for manual runs, API keys counted as their role and owner', async () => {
    const a = await scriptFor(
      editor,
      'printf "%s" "$X" | sha256sum | cut -c1-64 | xargs printf \'{"h":"%s"}\' > "$VSS_RESULT_FILE"\n',
    );
    const b = await scriptFor(editor, 'true\n', 'bash', { tags: ['cams'] });
    const s = await secretWith({ roles: ['operator'], script_ids: [a.id] });
    const byUser = await secretWith({ user_ids: [operator.id], tags: ['cams'] });
    const run = (actor: Actor, id: string, ref: string) =>
      executeScript({ actor, input: { id, environment_vars: { X: ref } }, trigger: 'manual' });

    const done = await waitForStatus(operator, (await run(operator, a.id, s.ref)).id);
    expect(done.result).toEqual({ h: sha256(s.value) });
    expect((await refusal(run(editor, a.id, s.ref))).message).toMatch(/role editor\) is not among who may use it/);
    expect((await refusal(run(operator, b.id, s.ref))).message).toMatch(/may not be used in script/);
    expect((await refusal(run(viewer, a.id, s.ref))).code).toBe('FORBIDDEN'); // no right to run at all
    expect(await run(admin, a.id, s.ref)).toMatchObject({ status: 'queued' });

    const key: Actor = { type: 'api_key', id: randomUUID(), userId: operator.id, name: 'ci', role: 'operator' };
    expect(await run(key, b.id, byUser.ref)).toMatchObject({ status: 'queued' });
    expect((await refusal(run(key, a.id, byUser.ref))).code).toBe('FORBIDDEN'); // a is not tagged cams
    const otherKey: Actor = { type: 'api_key', id: randomUUID(), userId: editor.id, name: 'ci2', role: 'operator' };
    expect((await refusal(run(otherKey, b.id, byUser.ref))).message).toContain(byUser.name);
  });

  it('a script created from a template is scoped like any other', async () => {
    const t = await createTemplate({
      actor: editor,
      input: {
        name: uniqueName('tpl'),
        language: 'bash',
        category: 'scope-test',
        content: 'T={{token}}\necho "token has ${#T} chars"\n',
        parameters: [{ name: 'token', type: 'secret', required: true }],
      },
    });
    const made = await createScriptFromTemplate({
      actor: editor,
      input: { id: t.id, name: uniqueName('from-tpl'), values: { token: 'TOK' } },
    });
    const inScope = await secretWith({ roles: ['operator'], script_ids: [made.script.id] });
    const outOfScope = await secretWith({ roles: ['operator'], script_ids: [randomUUID()] });
    expect(
      await executeScript({
        actor: operator,
        input: { id: made.script.id, environment_vars: { TOK: inScope.ref } },
        trigger: 'manual',
      }),
    ).toMatchObject({ status: 'queued' });
    const err = await refusal(
      executeScript({
        actor: operator,
        input: { id: made.script.id, environment_vars: { TOK: outOfScope.ref } },
        trigger: 'manual',
      }),
    );
    expect(err.message).toContain(`secret ${outOfScope.name} may not be used here`);
  });
});

describe('saved references: schedules, triggers, workflow nodes', () => {
  it('a schedule is checked when saved and again when it fires', async () => {
    const a = await scriptFor(editor, 'true\n', 'bash', { status: 'active' });
    const b = await scriptFor(editor, 'true\n', 'bash', { status: 'active' });
    const s = await secretWith({ roles: ['editor'], script_ids: [a.id] });
    const input = (target: string) => ({
      name: uniqueName('sched'),
      cron_expression: '0 3 1 1 *',
      target_type: 'script' as const,
      target_id: target,
      environment_vars: { X: s.ref },
      overlap_policy: 'allow' as const,
    });
    const err = await refusal(createSchedule({ actor: editor, input: input(b.id) }));
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toContain(s.name);
    const sched = await createSchedule({ actor: editor, input: input(a.id) });
    expect(sched.environment_vars).toEqual({ X: s.ref });
    // In scope: it fires.
    const fired = await fireSchedule({ scheduleId: sched.id, fireAt: Date.now() });
    expect(fired.outcome).toBe('started');
    // The owner loses access: the next tick is refused, naming the secret, and audited.
    await setSecretScope({
      actor: admin,
      input: { id: await secretIdOf(s.name), scope: { roles: ['operator'], script_ids: [a.id] } },
    });
    const before = await refusalsAudited(s.name);
    const refused = await fireSchedule({ scheduleId: sched.id, fireAt: Date.now() + 1 });
    expect(refused).toMatchObject({
      outcome: 'refused',
      error: expect.stringContaining(`secret ${s.name} may not be used here`),
    });
    expect(await refusalsAudited(s.name)).toBe(before + 1);
  });

  it('a trigger is checked when saved and again at each delivery', async () => {
    const a = await scriptFor(editor, 'true\n', 'bash', { status: 'active' });
    const s = await secretWith({ roles: ['editor'], script_ids: [a.id] });
    const unscoped = await secretWith(null);
    const ns = `scope${Date.now()}`;
    expect(
      (
        await refusal(
          createTrigger({
            actor: editor,
            input: {
              name: 'x',
              event_pattern: `${ns}.a`,
              target_type: 'script',
              target_id: a.id,
              environment_vars: { X: unscoped.ref },
            },
          }),
        )
      ).message,
    ).toContain(unscoped.name);
    const t = await createTrigger({
      actor: editor,
      input: {
        name: 'x',
        event_pattern: `${ns}.a`,
        target_type: 'script',
        target_id: a.id,
        environment_vars: { X: s.ref },
      },
    });
    const first = await publishEvent({ actor: admin, input: { type: `${ns}.a`, payload: {} } });
    expect(first.deliveries.find((d) => d.trigger_id === t.id)?.outcome).toBe('started');
    await setSecretScope({ actor: admin, input: { id: await secretIdOf(s.name), scope: null } });
    const second = await publishEvent({ actor: admin, input: { type: `${ns}.a`, payload: {} } });
    expect(second.deliveries.find((d) => d.trigger_id === t.id)).toMatchObject({
      outcome: 'refused',
      error: expect.stringContaining(`secret ${s.name} may not be used here`),
    });
  });

  it('a workflow node is checked when the graph is saved, when a run starts and when the node starts, against its author', async () => {
    const script = await activeScript(
      editor,
      'printf "%s" "$X" | sha256sum | cut -c1-64 | xargs printf \'{"h":"%s"}\' > "$VSS_RESULT_FILE"\n',
    );
    const wf = await workflowOf(editor, {
      nodes: [n.start(), n.script('s', script.id), n.end()],
      edges: chain('start', 's', 'end'),
    });
    const s = await secretWith({ roles: ['editor'], workflow_ids: [wf.id] });
    const other = await secretWith({ roles: ['editor'], workflow_ids: [randomUUID()] });
    const node = (ref: string) =>
      n.script('s', script.id, {}, { config: { script_id: script.id, environment_vars: { X: ref } } } as never);
    const graphWith = (ref: string) => ({ nodes: [n.start(), node(ref), n.end()], edges: chain('start', 's', 'end') });
    const err = await refusal(
      updateWorkflow({ actor: editor, input: { id: wf.id, patch: { graph: graphWith(other.ref) } } }),
    );
    expect(err.code).toBe('FORBIDDEN');
    expect(err.details[0]!.field).toBe('graph.nodes.1.config.environment_vars.X');
    await updateWorkflow({ actor: editor, input: { id: wf.id, patch: { graph: graphWith(s.ref) } } });
    // An operator starts it: the author's access decides, and the value reaches the script.
    const ok = await waitForRun(
      operator,
      (await startWorkflowRun({ actor: operator, workflowId: wf.id, input: {}, trigger: 'manual' })).id,
    );
    expect(ok.status).toBe('succeeded');
    expect(ok.nodes.find((x) => x.node_key === 's')!.output).toEqual({ h: sha256(s.value) });
    // The author loses access: the next run is refused when it starts, naming the secret.
    const id = await secretIdOf(s.name);
    await setSecretScope({ actor: admin, input: { id, scope: { roles: ['operator'], workflow_ids: [wf.id] } } });
    const atStart = await refusal(
      startWorkflowRun({ actor: operator, workflowId: wf.id, input: {}, trigger: 'manual' }),
    );
    expect(atStart.code).toBe('FORBIDDEN');
    expect(atStart.message).toContain(`secret ${s.name} may not be used here`);
    // Access lost while a run is under way: the node is refused when it starts.
    await setSecretScope({ actor: admin, input: { id, scope: { roles: ['editor'], workflow_ids: [wf.id] } } });
    await updateWorkflow({
      actor: editor,
      input: {
        id: wf.id,
        patch: {
          graph: { nodes: [n.start(), n.delay('d', 1), node(s.ref), n.end()], edges: chain('start', 'd', 's', 'end') },
        },
      },
    });
    const started = await startWorkflowRun({ actor: operator, workflowId: wf.id, input: {}, trigger: 'manual' });
    await setSecretScope({ actor: admin, input: { id, scope: { roles: ['operator'], workflow_ids: [wf.id] } } });
    const refused = await waitForRun(operator, started.id);
    expect(refused.status).toBe('failed');
    expect(JSON.stringify(refused)).toContain(`secret ${s.name} may not be used here`);
  });
});

describe('who may change a scope', () => {
  it("an admin, or the creator of the secret; nobody widens someone else's secret", async () => {
    const s = await secretWith(null); // created by admin
    const id = await secretIdOf(s.name);
    expect(
      (await refusal(setSecretScope({ actor: editor, input: { id, scope: { roles: ['editor'], any_where: true } } })))
        .code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await refusal(
          upsertSecret({
            actor: editor,
            input: { name: s.name, value: 'new-value', scope: { roles: ['editor'], any_where: true } },
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    const mine = `MINE_${randomUUID().slice(0, 8).toUpperCase()}`;
    const created = await upsertSecret({ actor: editor, input: { name: mine, value: 'my-value' } });
    expect(created.scope).toBeNull();
    const scoped = await setSecretScope({
      actor: editor,
      input: { id: created.id, scope: { roles: ['editor'], any_where: true } },
    });
    expect(scoped.scope).toMatchObject({ roles: ['editor'], any_where: true });
  });
});

async function secretIdOf(name: string): Promise<string> {
  const { listSecrets } = await import('../list-secrets');
  return (await listSecrets({ actor: admin })).find((x) => x.name === name)!.id;
}
