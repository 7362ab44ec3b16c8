import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runMigrations } from '@/db/migrate';
import { resetEnvCache } from '@/server/env';
import { startEmbeddedPostgres, type RunningPostgres } from '@/server/infra/embedded-postgres';
import { startEmbeddedRedis, type RunningRedis } from '@/server/infra/embedded-redis';
import { httpErrorResponse } from '@/server/rest/http-error';
import type { Actor } from '@/server/auth/actor';
import type { WorkerRuntime } from '@/worker/runtime';

// Issue #16: the worker survives a PostgreSQL restart and a Redis restart with runs in flight. This
// file restarts servers of its own (never the shared test services, never the machine's).
const OUTAGE_MS = Number(process.env.OUTAGE_TEST_MS ?? 8000);

let dir: string;
let pgServer: RunningPostgres;
let redisServer: RunningRedis;
let pgPort: number;
let redisPort: number;
let admin: Actor;
let worker: WorkerRuntime;
// Imported after the environment points at our own servers.
let svc: {
  executeScript: typeof import('@/server/executions/execute-script').executeScript;
  getExecution: typeof import('@/server/executions/get-execution').getExecution;
  getExecutionLogs: typeof import('@/server/executions/get-execution').getExecutionLogs;
  scriptFor: typeof import('@/server/executions/tests/engine-harness').scriptFor;
  waitForStatus: typeof import('@/server/executions/tests/engine-harness').waitForStatus;
  listScripts: typeof import('@/server/scripts/list-scripts').listScripts;
};

const unhandled: unknown[] = [];
const onUnhandled = (r: unknown) => void unhandled.push(r);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vss-outage-'));
  chmodSync(dir, 0o755);
  pgServer = await startEmbeddedPostgres(dir, 'vss_outage');
  redisServer = await startEmbeddedRedis(dir);
  pgPort = Number(new URL(pgServer.url).port);
  redisPort = Number(new URL(redisServer.url).port);
  await runMigrations(pgServer.url);
  process.env.DATABASE_URL = pgServer.url;
  process.env.REDIS_URL = redisServer.url;
  process.env.LOG_LEVEL = 'warn';
  resetEnvCache();
  process.on('unhandledRejection', onUnhandled);
  const { createTestActor } = await import('@/server/test/fixtures');
  const { startWorkerRuntime } = await import('@/worker/runtime');
  svc = {
    executeScript: (await import('@/server/executions/execute-script')).executeScript,
    getExecution: (await import('@/server/executions/get-execution')).getExecution,
    getExecutionLogs: (await import('@/server/executions/get-execution')).getExecutionLogs,
    scriptFor: (await import('@/server/executions/tests/engine-harness')).scriptFor,
    waitForStatus: (await import('@/server/executions/tests/engine-harness')).waitForStatus,
    listScripts: (await import('@/server/scripts/list-scripts')).listScripts,
  };
  admin = await createTestActor('admin');
  worker = await startWorkerRuntime({ concurrency: 4 });
}, 120_000);

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await worker?.stop(2000).catch(() => undefined);
  await redisServer?.stop();
  await pgServer?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** 20 lines over ~6 s: in flight across the whole outage. */
const LONG = 'for i in $(seq 1 20); do echo "line $i"; sleep 0.3; done\necho "{\\"ok\\": true}" > "$VSS_RESULT_FILE"\n';

async function stdout(id: string) {
  const { lines } = await svc.getExecutionLogs({ actor: admin, input: { id, limit: 5000 } });
  return lines
    .filter((l) => l.stream === 'stdout')
    .map((l) => l.text)
    .join('');
}

const expected = Array.from({ length: 20 }, (_, i) => `line ${i + 1}\n`).join('');

describe('dependency outages with runs in flight', () => {
  it('PostgreSQL restart: runs go on, their lines and final states are written when it is back; REST answers 503', async () => {
    const long = await svc.scriptFor(admin, LONG);
    const short = await svc.scriptFor(admin, 'sleep 1\nprintf "a\\0b\\n"\necho short-done\n');
    const ids = await Promise.all(
      [long, long, short].map(
        async (s) => (await svc.executeScript({ actor: admin, input: { id: s.id }, trigger: 'api' })).id,
      ),
    );
    for (const id of ids) await svc.waitForStatus(admin, id, (s) => s === 'running', 60_000);
    await pgServer.stop();
    // While it is down, a request gets 503 with Retry-After, not 500.
    const refused = await svc.listScripts({ actor: admin, input: {} }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(refused).not.toBeNull();
    const res = httpErrorResponse(refused);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    await sleep(OUTAGE_MS); // the short run ends during the outage
    pgServer = await startEmbeddedPostgres(dir, 'vss_outage', { port: pgPort });

    const [a, b, c] = await Promise.all(ids.map((id) => svc.waitForStatus(admin, id, undefined, 90_000)));
    for (const done of [a!, b!]) {
      expect([done.status, done.error, done.attempt]).toEqual(['succeeded', null, 1]);
      expect(done.result).toEqual({ ok: true });
      expect(await stdout(done.id)).toBe(expected);
    }
    expect([c!.status, c!.attempt]).toEqual(['succeeded', 1]);
    expect(await stdout(c!.id)).toBe('a\uFFFDb\nshort-done\n');
    expect(unhandled).toEqual([]);
    // The worker still takes new runs.
    const after = await svc.executeScript({ actor: admin, input: { id: short.id, wait: true }, trigger: 'api' });
    expect(after.status).toBe('succeeded');
  }, 180_000);

  it('Redis restart: runs in flight finish once, succeeded; the worker takes new runs afterwards', async () => {
    const long = await svc.scriptFor(admin, LONG);
    const ids = await Promise.all(
      [long, long].map(
        async (s) => (await svc.executeScript({ actor: admin, input: { id: s.id }, trigger: 'api' })).id,
      ),
    );
    for (const id of ids) await svc.waitForStatus(admin, id, (s) => s === 'running', 60_000);
    await redisServer.stop();
    await sleep(OUTAGE_MS);
    redisServer = await startEmbeddedRedis(dir, { port: redisPort });
    for (const id of ids) {
      const done = await svc.waitForStatus(admin, id, undefined, 120_000);
      expect([done.status, done.error, done.attempt]).toEqual(['succeeded', null, 1]);
      expect(done.attempts.map((x) => x.status)).toEqual(['succeeded']);
      expect(await stdout(id)).toBe(expected);
    }
    const after = await svc.executeScript({ actor: admin, input: { id: long.id, wait: true }, trigger: 'api' });
    expect(after.status).toBe('succeeded');
    expect(unhandled).toEqual([]);
  }, 240_000);
});
