import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { createApiKey } from '@/server/apikeys/create-api-key';
import { listAudit } from '@/server/audit/list-audit';
import { AppError } from '@/server/errors/app-error';
import { cancelExecution } from '@/server/executions/cancel-execution';
import { executeScript } from '@/server/executions/execute-script';
import { getExecution } from '@/server/executions/get-execution';
import { createScript } from '@/server/scripts/create-script';
import { getScript } from '@/server/scripts/get-script';
import { listSecrets } from '@/server/secrets/list-secrets';
import { upsertSecret } from '@/server/secrets/upsert-secret';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { allowed, createCallerFactory, router } from '@/server/trpc/init';
import { appRouter } from '@/server/trpc/router';
import { createUser } from '@/server/users/create-user';
import { listTemplates } from '@/server/templates/list-templates';
import { deleteTemplate } from '@/server/templates/delete-template';
import { listWorkflows } from '@/server/workflows/list-workflows';
import { deleteWorkflow } from '@/server/workflows/delete-workflow';
import { cancelWorkflowRun } from '@/server/workflows/cancel-run';
import { listSchedules } from '@/server/schedules/list-schedules';
import { deleteSchedule } from '@/server/schedules/delete-schedule';
import { listTriggers } from '@/server/triggers/list-triggers';
import { deleteTrigger } from '@/server/triggers/delete-trigger';
import { publishEvent } from '@/server/events/publish-event';
import { listHostResources } from '@/server/host-resources/list-host-resources';
import { deleteHostResource } from '@/server/host-resources/delete-host-resource';
import { listAlertChannels } from '@/server/alerts/list-alert-channels';
import { deleteAlertRule } from '@/server/alerts/delete-alert-rule';
import { deleteAlertChannel } from '@/server/alerts/delete-alert-channel';
import { roles, type Actor, type Role } from '../actor';
import { actions, assertCan, can, permissionTable, type Action } from '../permissions';

/**
 * Walks the whole permission table: every action, every role, through can/assertCan, a tRPC
 * procedure guarded by `allowed`, the real service that enforces it and the real tRPC router
 * where they exist. Allowed means the call completes; refused means FORBIDDEN.
 */

let admin: Actor & { type: 'user' };
let scriptId: string;
let executionId: string;
const actors = {} as Record<Role, Actor & { type: 'user' }>;

const suffix = () =>
  uniqueName('')
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');

async function queuedExecution(): Promise<string> {
  // No worker runs in this file, so the run stays queued and can be cancelled.
  const e = await executeScript({ actor: admin, input: { id: scriptId }, trigger: 'manual' });
  return e.id;
}

/** One representative service call per action whose service exists. */
const serviceCalls: Partial<Record<Action, (actor: Actor) => Promise<unknown>>> = {
  'script.read': (actor) => getScript({ actor, id: scriptId }),
  'script.write': (actor) =>
    createScript({ actor, input: { name: uniqueName('walk'), content: 'echo hi', language: 'bash' } }),
  'script.run': (actor) => executeScript({ actor, input: { id: scriptId }, trigger: 'manual' }),
  'execution.read': (actor) => getExecution({ actor, id: executionId }),
  'execution.cancel': async (actor) => cancelExecution({ actor, id: await queuedExecution() }),
  'secret.read': (actor) => listSecrets({ actor }),
  'secret.write': (actor) => upsertSecret({ actor, input: { name: `WALK_${suffix()}`, value: 'walk-value' } }),
  'apikey.manage': (actor) => createApiKey({ actor, input: { name: uniqueName('walk-key'), role: 'viewer' } }),
  'user.manage': (actor) =>
    createUser({
      actor,
      input: { email: `walk-${suffix().toLowerCase()}@test.local`, role: 'viewer', password: 'walk-pass-12345' },
    }),
  'audit.read': (actor) => listAudit({ actor, input: { page_size: 5 } }),
};

/**
 * Services of areas that landed in parallel with this issue. Reads must succeed; changes are aimed
 * at an id that does not exist, so an allowed role gets NOT_FOUND (the permission check passed)
 * and nothing is created in their tables.
 */
const missing = () => randomUUID();
const otherAreaCalls: Partial<Record<Action, (actor: Actor) => Promise<unknown>>> = {
  'template.read': (actor) => listTemplates({ actor, input: {} }),
  'template.write': (actor) => deleteTemplate({ actor, id: missing() }),
  'workflow.read': (actor) => listWorkflows({ actor, input: {} }),
  'workflow.write': (actor) => deleteWorkflow({ actor, id: missing() }),
  'workflow.run': (actor) => cancelWorkflowRun({ actor, id: missing() }),
  'schedule.read': (actor) => listSchedules({ actor, input: {} }),
  'schedule.write': (actor) => deleteSchedule({ actor, id: missing() }),
  'trigger.read': (actor) => listTriggers({ actor, input: {} }),
  'trigger.write': (actor) => deleteTrigger({ actor, id: missing() }),
  'event.publish': (actor) => publishEvent({ actor, input: { type: 'access.walk', payload: {} } }),
  'hostresource.read': (actor) => listHostResources({ actor }),
  'hostresource.manage': (actor) => deleteHostResource({ actor, id: missing() }),
  'alert.read': (actor) => listAlertChannels({ actor }),
  'alert.rule.write': (actor) => deleteAlertRule({ actor, id: missing() }),
  'alert.channel.manage': (actor) => deleteAlertChannel({ actor, id: missing() }),
};

/** Actions no service checks yet: walked through the table helpers and a guarded tRPC procedure only. */
const withoutService: Action[] = ['settings.manage', 'worker.read'];

/** The same walk through the real tRPC router, for every action that has a procedure today. */
type Caller = ReturnType<typeof appCaller>;
const trpcCalls: Partial<Record<Action, (c: Caller) => Promise<unknown>>> = {
  'script.read': (c) => c.scripts.get({ id: scriptId }),
  'script.write': (c) => c.scripts.create({ name: uniqueName('walk-trpc'), content: 'echo hi', language: 'bash' }),
  'script.run': (c) => c.executions.execute({ id: scriptId }),
  'execution.read': (c) => c.executions.get({ id: executionId }),
  'execution.cancel': async (c) => c.executions.cancel({ id: await queuedExecution() }),
  'secret.read': (c) => c.secrets.list(),
  'secret.write': (c) => c.secrets.upsert({ name: `WALKT_${suffix()}`, value: 'walk-value' }),
  'apikey.manage': (c) => c.apiKeys.list(),
  'user.manage': (c) => c.users.list(),
  'audit.read': (c) => c.audit.list({ page_size: 5 }),
  'worker.read': (c) => c.executions.workers(),
  'workflow.read': (c) => c.workflows.list({}),
  'workflow.write': (c) => c.workflows.delete({ id: missing() }),
  'schedule.read': (c) => c.schedules.list({}),
  'schedule.write': (c) => c.schedules.delete({ id: missing() }),
  'trigger.read': (c) => c.triggers.list({}),
  'trigger.write': (c) => c.triggers.delete({ id: missing() }),
  'hostresource.read': (c) => c.hostResources.list(),
  'hostresource.manage': (c) => c.hostResources.delete({ id: missing() }),
  'alert.read': (c) => c.alerts.channels(),
  'alert.rule.write': (c) => c.alerts.deleteRule({ id: missing() }),
  'alert.channel.manage': (c) => c.alerts.deleteChannel({ id: missing() }),
};

/** A small router with one procedure per action, so `allowed()` is exercised for all of them. */
const guarded = router(
  Object.fromEntries(
    actions.map((a) => [
      a.replace('.', '_'),
      allowed(a)
        .input(z.object({}).optional())
        .query(() => 'ran'),
    ]),
  ),
);
const guardedCaller = createCallerFactory(guarded);
const appCaller = createCallerFactory(appRouter);

async function outcome(
  call: () => Promise<unknown>,
  opts: { notFoundIsAllowed?: boolean } = {},
): Promise<'allowed' | 'refused'> {
  try {
    await call();
    return 'allowed';
  } catch (err) {
    const code = err instanceof AppError || err instanceof TRPCError ? err.code : null;
    if (code === 'FORBIDDEN') return 'refused';
    if (opts.notFoundIsAllowed && code === 'NOT_FOUND') return 'allowed';
    throw err; // any other failure is a broken fixture, not an answer about permissions
  }
}

const expected = (role: Role, action: Action) => (permissionTable[role].has(action) ? 'allowed' : 'refused');
const cases = roles.flatMap((role) => actions.map((action) => ({ role, action })));

beforeAll(async () => {
  admin = await createTestActor('admin');
  for (const role of roles) actors[role] = await createTestActor(role);
  scriptId = (
    await createScript({
      actor: admin,
      input: { name: uniqueName('walk-target'), content: 'sleep 1', language: 'bash' },
    })
  ).id;
  executionId = await queuedExecution();
});

describe('the permission table', () => {
  it('has a walker for every action: a real service call, or a listed placeholder', () => {
    for (const action of actions) {
      const walkers = [
        serviceCalls[action],
        otherAreaCalls[action],
        withoutService.includes(action) || undefined,
      ].filter(Boolean);
      expect(walkers, action).toHaveLength(1);
    }
  });

  it('orders roles: each role can do everything the role below it can', () => {
    expect([...permissionTable.viewer].every((a) => permissionTable.operator.has(a))).toBe(true);
    expect([...permissionTable.operator].every((a) => permissionTable.editor.has(a))).toBe(true);
    expect(permissionTable.admin.size).toBe(actions.length);
    expect(permissionTable.viewer.has('script.write')).toBe(false);
    expect(permissionTable.operator.has('secret.read')).toBe(false);
  });

  it.each(cases)('$role / $action: can() and assertCan() follow the table', ({ role, action }) => {
    const actor = actors[role];
    expect(can(actor, action)).toBe(permissionTable[role].has(action));
    if (permissionTable[role].has(action)) expect(() => assertCan(actor, action)).not.toThrow();
    else expect(() => assertCan(actor, action)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it.each(cases)(
    '$role / $action: a tRPC procedure built with allowed() follows the table',
    async ({ role, action }) => {
      const caller = guardedCaller({ actor: actors[role], meta: {} }) as unknown as Record<
        string,
        () => Promise<string>
      >;
      const key = action.replace('.', '_');
      expect(await outcome(() => caller[key]!())).toBe(expected(role, action));
    },
  );

  it.each(cases.filter((c) => serviceCalls[c.action]))(
    '$role / $action: the real service follows the table',
    async ({ role, action }) => {
      expect(await outcome(() => serviceCalls[action]!(actors[role]))).toBe(expected(role, action));
    },
  );

  it.each(cases.filter((c) => otherAreaCalls[c.action]))(
    '$role / $action: the service of a later area follows the table',
    async ({ role, action }) => {
      expect(await outcome(() => otherAreaCalls[action]!(actors[role]), { notFoundIsAllowed: true })).toBe(
        expected(role, action),
      );
    },
  );

  it.each(cases.filter((c) => trpcCalls[c.action]))(
    '$role / $action: the real tRPC router follows the table',
    async ({ role, action }) => {
      const caller = appCaller({ actor: actors[role], meta: {} });
      expect(
        await outcome(() => trpcCalls[action]!(caller), { notFoundIsAllowed: Boolean(otherAreaCalls[action]) }),
      ).toBe(expected(role, action));
    },
  );

  it('a system actor may do everything; an anonymous tRPC caller nothing', async () => {
    const system: Actor = { type: 'system', reason: 'test' };
    for (const action of actions) expect(can(system, action)).toBe(true);
    const anonymous = appCaller({ actor: null, meta: {} });
    await expect(anonymous.scripts.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
