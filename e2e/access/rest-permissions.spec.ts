import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { roles, type Role } from '@/server/auth/actor';
import { permissionTable } from '@/server/auth/permissions';
import type { RestRoute } from '@/server/rest/rest-route';
import { baseUrl } from '../support/browser';
import { createKey } from '../support/api-key';

/**
 * The permission table walked over HTTP: every REST operation that names a permission, called with
 * an API key of every role against the running app. 403 exactly when the role lacks the permission;
 * any other answer (200, 201, 202, 400, 404, 409) means the permission check let it through.
 */

const keys = {} as Record<Role, string>;
let routes: RestRoute[] = [];
let scriptId: string;
let slowScriptId: string;
let executionId: string;
const started: string[] = [];

const call = (method: string, path: string, key: string, body?: unknown) =>
  fetch(`${baseUrl()}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function json<T = Record<string, unknown>>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}

async function newScript(content = 'echo walk', status = 'draft') {
  return (
    await json<{ id: string }>(
      await call('POST', '/api/v1/scripts/', keys.admin, {
        name: `rest walk ${randomUUID().slice(0, 8)}`,
        content,
        language: 'bash',
        status,
      }),
      201,
    )
  ).id;
}

async function runningExecution() {
  const e = await json<{ id: string }>(
    await call('POST', `/api/v1/scripts/${slowScriptId}/execute`, keys.admin, {}),
    202,
  );
  started.push(e.id);
  return e.id;
}

interface Request {
  path: string;
  body?: unknown;
}

/**
 * A valid request for each operation this issue knows, so an allowed role gets a success status.
 * Operations added later fall back to random ids and an empty body: the permission is checked
 * before the input, so a refused role still gets 403 and an allowed one a 4xx about the input.
 */
const known: Record<string, () => Promise<Request>> = {
  'POST /api/v1/scripts/': async () => ({
    path: '/api/v1/scripts/',
    body: { name: `walk ${randomUUID()}`, content: 'echo hi', language: 'bash' },
  }),
  'GET /api/v1/scripts/': async () => ({ path: '/api/v1/scripts/?page_size=5' }),
  'GET /api/v1/scripts/{id}': async () => ({ path: `/api/v1/scripts/${scriptId}` }),
  'PUT /api/v1/scripts/{id}': async () => ({
    path: `/api/v1/scripts/${scriptId}`,
    body: { description: `walked ${Date.now()}` },
  }),
  'DELETE /api/v1/scripts/{id}': async () => ({ path: `/api/v1/scripts/${await newScript()}` }),
  'POST /api/v1/scripts/{id}/execute': async () => ({ path: `/api/v1/scripts/${scriptId}/execute`, body: {} }),
  'GET /api/v1/scripts/{id}/executions': async () => ({ path: `/api/v1/scripts/${scriptId}/executions` }),
  'GET /api/v1/scripts/executions/': async () => ({ path: '/api/v1/scripts/executions/?page_size=5' }),
  'GET /api/v1/scripts/executions/{execution_id}': async () => ({ path: `/api/v1/scripts/executions/${executionId}` }),
  'GET /api/v1/scripts/executions/{execution_id}/logs': async () => ({
    path: `/api/v1/scripts/executions/${executionId}/logs`,
  }),
  'POST /api/v1/scripts/executions/{execution_id}/cancel': async () => ({
    path: `/api/v1/scripts/executions/${await runningExecution()}/cancel`,
  }),
};

const generic = (route: RestRoute): Request => ({
  path: route.path.replace(/\{\w+\}/g, () => randomUUID()),
  body: route.method === 'POST' || route.method === 'PUT' ? {} : undefined,
});

beforeAll(async () => {
  for (const role of roles) keys[role] = await createKey(role, `rest-walk-${role}-${Date.now()}`);
  // createKey has pointed this process at the app's database, so the registry can be loaded.
  routes = (await import('@/server/rest/registry')).restRoutes.filter((r) => r.permission);
  scriptId = await newScript('echo walked');
  slowScriptId = await newScript('sleep 60');
  const run = await json<{ id: string }>(
    await call('POST', `/api/v1/scripts/${scriptId}/execute`, keys.admin, {}),
    202,
  );
  executionId = run.id;
});

afterAll(async () => {
  // Runs an operator's cancel did not reach (refused roles) are cancelled here.
  for (const id of started) await (await call('POST', `/api/v1/scripts/executions/${id}/cancel`, keys.admin)).text();
});

describe('REST v1 follows the permission table for every role', () => {
  it('knows every operation this issue shipped', () => {
    const ids = routes.map((r) => `${r.method} ${r.path}`);
    for (const k of Object.keys(known)) expect(ids).toContain(k);
  });

  it('answers 403 exactly when the key role lacks the operation permission', async () => {
    const seen: string[] = [];
    for (const route of routes) {
      const id = `${route.method} ${route.path}`;
      for (const role of roles) {
        const req = known[id] ? await known[id]() : generic(route);
        const res = await call(route.method, req.path, keys[role], req.body);
        const text = await res.text();
        const allowed = permissionTable[role].has(route.permission!);
        const what = `${role} ${id} -> ${res.status} ${text.slice(0, 200)}`;
        if (allowed) {
          expect(res.status, what).not.toBe(403);
          expect(res.status, what).not.toBe(401);
          expect(res.status, what).toBeLessThan(known[id] ? 300 : 500);
        } else {
          expect(res.status, what).toBe(403);
          expect(JSON.parse(text), what).toMatchObject({ error: { code: 'FORBIDDEN' } });
        }
        seen.push(`${role} ${id}`);
      }
    }
    expect(seen).toHaveLength(routes.length * roles.length);
  });

  it('refuses a missing, malformed or unknown key with 401 whatever the operation', async () => {
    for (const route of routes) {
      const { path, body } = generic(route);
      const none = await fetch(`${baseUrl()}${path}`, {
        method: route.method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? '{}' : undefined,
      });
      expect(none.status, `${route.method} ${route.path}`).toBe(401);
      await none.text();
      const bad = await call(route.method, path, 'vss_000000000000_not-a-real-key-at-all-xxxxxxxx', body);
      expect(bad.status, `${route.method} ${route.path}`).toBe(401);
      await bad.text();
    }
  });

  it("refuses the UI's own session routes without a session, with the same error shape", async () => {
    for (const path of ['/api/live', `/api/executions/${randomUUID()}/stream`, '/api/audit/export']) {
      const res = await fetch(`${baseUrl()}${path}`);
      expect(res.status, path).toBe(401);
      expect(await res.json(), path).toEqual({
        error: { code: 'UNAUTHORIZED', message: 'sign in first', details: [] },
      });
    }
  });
});
