import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createApiKey } from '@/server/apikeys/create-api-key';
import type { Actor } from '@/server/auth/actor';
import { scriptFor } from '@/server/executions/tests/engine-harness';
import { dispatchRest } from '@/server/rest/dispatch';
import { openApiDocument } from '@/server/rest/openapi';
import { createSchedule } from '@/server/schedules/create-schedule';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { createCallerFactory } from '@/server/trpc/init';
import { appRouter } from '@/server/trpc/router';
import { chain, n, workflowOf } from '@/server/workflows/tests/workflow-harness';

let admin: Actor & { type: 'user' };
let operator: Actor & { type: 'user' };
let adminKey: string;
let operatorKey: string;

beforeAll(async () => {
  [admin, operator] = await Promise.all([createTestActor('admin'), createTestActor('operator')]);
  adminKey = (await createApiKey({ actor: admin, input: { name: 'secrets', role: 'admin' } })).key;
  operatorKey = (await createApiKey({ actor: operator, input: { name: 'runs', role: 'operator' } })).key;
});

const rest = async (key: string, method: string, path: string, body?: unknown) => {
  const res = await dispatchRest(
    new Request(`http://localhost${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    path,
  );
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown> & {
      error?: { code: string; message: string; details: Array<{ field: string; message: string }> };
    },
  };
};

describe('secrets over REST and tRPC', () => {
  it('creates without a scope (admins only), sets a scope, lists usage, and a run outside it answers 403 naming the secret', async () => {
    const name = `API_${randomUUID().slice(0, 8).toUpperCase()}`;
    const created = await rest(adminKey, 'POST', '/api/v1/secrets/', { name, value: 'rest-value-123' });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name, scope: null });
    expect(JSON.stringify(created.body)).not.toContain('rest-value-123');
    const id = created.body.id as string;

    const script = await scriptFor(admin, `# uses {{secret:${name}}}\ntrue\n`, 'bash', { status: 'active' });
    const run = (key: string) =>
      rest(key, 'POST', `/api/v1/scripts/${script.id}/execute`, { environment_vars: { X: `{{secret:${name}}}` } });
    const refused = await run(operatorKey);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining(`secret ${name} may not be used here`),
      details: [{ field: 'environment_vars.X' }],
    });

    expect(
      (
        await rest(operatorKey, 'PUT', `/api/v1/secrets/${id}/scope`, {
          scope: { roles: ['operator'], any_where: true },
        })
      ).status,
    ).toBe(403);
    const scoped = await rest(adminKey, 'PUT', `/api/v1/secrets/${id}/scope`, {
      scope: { roles: ['operator'], script_ids: [script.id] },
    });
    expect(scoped.status).toBe(200);
    expect(scoped.body.scope).toMatchObject({ roles: ['operator'], script_ids: [script.id], any_where: false });
    expect((await rest(adminKey, 'PUT', `/api/v1/secrets/${id}/scope`, { scope: { roles: [] } })).status).toBe(400);
    expect((await run(operatorKey)).status).toBe(202);

    // Usage: the script mentions it, a schedule and a workflow node reference it.
    await createSchedule({
      actor: admin,
      input: {
        name: uniqueName('uses'),
        cron_expression: '0 3 1 1 *',
        target_type: 'script',
        target_id: script.id,
        environment_vars: { X: `{{ secret:${name} }}` },
        enabled: false,
      },
    });
    await rest(adminKey, 'PUT', `/api/v1/secrets/${id}/scope`, { scope: { roles: ['operator'], any_where: true } });
    const wf = await workflowOf(admin, {
      nodes: [
        n.start(),
        n.script('s', script.id, {}, {
          config: { script_id: script.id, environment_vars: { X: `{{secret:${name}}}` } },
        } as never),
        n.end(),
      ],
      edges: chain('start', 's', 'end'),
    });
    const usage = await rest(adminKey, 'GET', `/api/v1/secrets/${id}/usage`);
    expect(usage.status).toBe(200);
    expect(usage.body).toMatchObject({
      name,
      scripts: [{ id: script.id }],
      workflows: [{ id: wf.id }],
      schedules: [expect.objectContaining({ name: expect.stringContaining('uses') })],
      triggers: [],
    });

    // tRPC answers the same.
    const trpc = createCallerFactory(appRouter)({ actor: admin, meta: {} });
    expect((await trpc.secrets.usage({ id })).workflows).toEqual([{ id: wf.id, name: wf.name }]);
    expect((await trpc.secrets.list()).find((s) => s.id === id)?.scope).toMatchObject({ any_where: true });
    await expect(
      createCallerFactory(appRouter)({ actor: operator, meta: {} }).secrets.setScope({ id, scope: null }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('documents every secret operation in the OpenAPI document', () => {
    const ops = Object.entries(openApiDocument('/').paths)
      .filter(([p]) => p.startsWith('/api/v1/secrets'))
      .flatMap(([p, o]) => Object.keys(o as object).map((m) => `${m} ${p}`))
      .sort();
    expect(ops).toEqual([
      'delete /api/v1/secrets/{id}',
      'get /api/v1/secrets/',
      'get /api/v1/secrets/{id}/usage',
      'post /api/v1/secrets/',
      'put /api/v1/secrets/{id}/scope',
    ]);
  });
});
