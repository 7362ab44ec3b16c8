import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApiKey } from '@/server/apikeys/create-api-key';
import { revokeApiKey } from '@/server/apikeys/revoke-api-key';
import type { Actor } from '@/server/auth/actor';
import { authenticateRequest } from '@/server/rest/authenticate-request';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { startRestProcess } from '@/server/test/rest-process';
import { updateUser } from '@/server/users/update-user';

// A second web process with its own key cache; this test process revokes, disables and demotes.
let web: Awaited<ReturnType<typeof startRestProcess>>;
let admin: Actor & { type: 'user' };
const RATE_LIMIT = 8;

beforeAll(async () => {
  admin = await createTestActor('admin');
  web = await startRestProcess({
    SERVER_TIMING: '1',
    API_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
    API_KEY_FREE_FAILURES_PER_ADDRESS: '3',
    TRUSTED_PROXIES: '127.0.0.1',
  });
}, 60_000);
afterAll(async () => {
  await web?.stop();
});

const call = (key: string, init: { method?: string; body?: unknown; from?: string } = {}) =>
  fetch(`${web.url}/api/v1/scripts/`, {
    method: init.method ?? 'GET',
    // The test is the trusted proxy: each test's wrong keys count for an address of its own.
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      'x-forwarded-for': init.from ?? '198.51.100.1',
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
/** The dispatcher reports a `key-db` phase only when it read the key from PostgreSQL. */
const readDatabase = (res: Response) => /(^|, )key-db;/.test(res.headers.get('server-timing') ?? '');

/** A rate-limit window that will not roll over during the next few requests. */
async function awayFromMinuteBoundary() {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 55_000) await sleep(60_500 - intoMinute);
}

describe('API keys cached by a web process', () => {
  it('serves a key checked moments ago from memory, and refuses it on the very next request once another process revoked it', async () => {
    const created = await createApiKey({ actor: admin, input: { name: 'cached', role: 'viewer' } });
    const first = await call(created.key);
    expect(first.status).toBe(200);
    expect(readDatabase(first)).toBe(true);
    const second = await call(created.key);
    expect(second.status).toBe(200);
    expect(readDatabase(second)).toBe(false);

    await revokeApiKey({ actor: admin, id: created.id });
    const after = await call(created.key);
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { message: string } }).error.message).toBe('unknown or revoked API key');
  });

  it('refuses the key on the very next request once its owner is disabled, and acts with the lower role once demoted', async () => {
    const editor = await createTestActor('editor');
    const created = await createApiKey({ actor: editor, input: { name: 'owner changes', role: 'editor' } });
    const script = { name: uniqueName('by cached key'), content: 'echo hi\n', language: 'bash' };
    expect((await call(created.key, { method: 'POST', body: script })).status).toBe(201);
    expect((await call(created.key)).status).toBe(200);

    await updateUser({ actor: admin, input: { id: editor.id, patch: { role: 'viewer' } } });
    const demoted = await call(created.key, { method: 'POST', body: { ...script, name: uniqueName('by cached key') } });
    expect(demoted.status).toBe(403);
    expect((await call(created.key)).status).toBe(200);

    await updateUser({ actor: admin, input: { id: editor.id, patch: { disabled: true } } });
    const disabled = await call(created.key);
    expect(disabled.status).toBe(401);
    expect(((await disabled.json()) as { error: { message: string } }).error.message).toBe('the key owner is disabled');
  });

  it('counts every request of a cached key against its per-minute limit', async () => {
    const created = await createApiKey({ actor: admin, input: { name: 'limited', role: 'viewer' } });
    await awayFromMinuteBoundary();
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT + 2; i++) statuses.push((await call(created.key)).status);
    expect(statuses).toEqual([...Array(RATE_LIMIT).fill(200), 429, 429]);
  });

  it('still slows an address that guesses keys, whatever is cached', async () => {
    const created = await createApiKey({ actor: admin, input: { name: 'right', role: 'viewer' } });
    const from = '198.51.100.99';
    expect((await call(created.key, { from })).status).toBe(200); // cached now
    const wrong = `${created.prefix}_${'x'.repeat(32)}`;
    const statuses: number[] = [];
    // Three free failures; the fourth starts a wait (SIGNIN_BACKOFF_BASE_MS, 1 s) that refuses the fifth.
    for (let i = 0; i < 5; i++) statuses.push((await call(wrong, { from })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    // The address waits before any key is checked, a cached right one included; others do not.
    expect((await call(created.key, { from })).status).toBe(429);
    expect((await call(created.key)).status).toBe(200);
  });

  it('refuses a key revoked in this process on its next check here too', async () => {
    const created = await createApiKey({ actor: admin, input: { name: 'local', role: 'viewer' } });
    const address = '203.0.113.7';
    await expect(authenticateRequest(created.key, address)).resolves.toMatchObject({ type: 'api_key', id: created.id });
    await expect(authenticateRequest(created.key, address)).resolves.toMatchObject({ id: created.id });
    await revokeApiKey({ actor: admin, id: created.id });
    await expect(authenticateRequest(created.key, address)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
