import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { auditLogs, executionLogs } from '@/db/schema';
import { AppError } from '@/server/errors/app-error';
import { resetEnvCache } from '@/server/env';
import { createTestActor } from '@/server/test/fixtures';
import { deleteScript } from '@/server/scripts/delete-script';
import { updateScript } from '@/server/scripts/update-script';
import { listScripts } from '@/server/scripts/list-scripts';
import type { Actor } from '@/server/auth/actor';
import { startWorkerRuntime, type WorkerRuntime } from '@/worker/runtime';
import { executeScript } from '@/server/executions/execute-script';
import { cancelExecution } from '@/server/executions/cancel-execution';
import { getExecution, getExecutionLogs } from '@/server/executions/get-execution';
import { listExecutions } from '@/server/executions/list-executions';
import { rawExecution, scriptFor, waitForStatus } from '@/server/executions/tests/engine-harness';

process.env.LOG_MAX_BYTES = String(1024 * 1024);
process.env.KILL_GRACE_MS = '500';

let admin: Actor;
let worker: WorkerRuntime;

beforeAll(async () => {
  admin = await createTestActor('admin');
  worker = await startWorkerRuntime({ concurrency: 4 });
});
afterAll(async () => {
  await worker?.stop(2000);
});

const run = async (scriptId: string, extra: Record<string, unknown> = {}) =>
  executeScript({ actor: admin, input: { id: scriptId, ...extra }, trigger: 'manual' });

async function logText(id: string) {
  const { lines } = await getExecutionLogs({ actor: admin, input: { id, limit: 5000 } });
  return lines;
}

describe('execution engine (real Redis, PostgreSQL, bubblewrap, python3, bash)', () => {
  it('runs a python script with inputs and returns its JSON result', async () => {
    const s = await scriptFor(
      admin,
      [
        'import json, os',
        'inp = json.load(open(os.environ["VSS_INPUT_FILE"]))',
        'print("hello", inp["name"], os.environ["ENV"])',
        'json.dump({"greeting": "hi " + inp["name"], "n": 3}, open(os.environ["VSS_RESULT_FILE"], "w"))',
      ].join('\n'),
      'python',
    );
    const queued = await run(s.id, { input_parameters: { name: 'VSS' }, environment_vars: { ENV: 'production' } });
    expect(queued.status).toBe('queued');
    const done = await waitForStatus(admin, queued.id);
    expect(done.status).toBe('succeeded');
    expect(done.exit_code).toBe(0);
    expect(done.result).toEqual({ greeting: 'hi VSS', n: 3 });
    expect(done.script_version).toBe(1);
    expect(done.duration_ms).toBeGreaterThan(0);
    expect(done.cpu_time_ms).not.toBeNull();
    const lines = await logText(queued.id);
    expect(lines.map((l) => l.text).join('')).toContain('hello VSS production');
    expect(lines[0]!.stream).toBe('stdout');
    const listed = await listScripts({ actor: admin, input: { search: s.name } });
    expect(listed.items[0]!.last_execution).toMatchObject({ id: queued.id, status: 'succeeded' });
    const audit = await db().select().from(auditLogs).where(eq(auditLogs.entityId, queued.id));
    expect(audit.map((a) => a.action)).toEqual(['execution.start']);
  });

  it('records a failing exit code and keeps stderr apart', async () => {
    const s = await scriptFor(admin, 'echo out\necho err >&2\nexit 7\n');
    const done = await waitForStatus(admin, (await run(s.id)).id);
    expect(done.status).toBe('failed');
    expect(done.exit_code).toBe(7);
    expect(done.error).toBe('exited with code 7');
    const lines = await logText(done.id);
    expect(
      lines
        .filter((l) => l.stream === 'stderr')
        .map((l) => l.text)
        .join(''),
    ).toContain('err');
    expect(
      lines
        .filter((l) => l.stream === 'stdout')
        .map((l) => l.text)
        .join(''),
    ).toContain('out');
  });

  it('reports a syntax error at run time as a failure with the interpreter message', async () => {
    const s = await scriptFor(admin, 'print("unclosed"\n', 'python');
    const done = await waitForStatus(admin, (await run(s.id)).id);
    expect(done.status).toBe('failed');
    expect((await logText(done.id)).map((l) => l.text).join('')).toMatch(/SyntaxError/);
  });

  it('times out a script that ignores TERM, killing its children too', async () => {
    const marker = `vss-timeout-${randomUUID()}`;
    const s = await scriptFor(
      admin,
      `trap '' TERM\n(exec -a ${marker} sleep 600) &\nexec -a ${marker}-main sleep 600\n`,
      'bash',
      { timeout: 1 },
    );
    const done = await waitForStatus(admin, (await run(s.id)).id);
    expect(done.status).toBe('timed_out');
    expect(done.error).toMatch(/timed out after 1 s/);
    await sleep(300);
    const pgrep = spawnSync('pgrep', ['-f', marker], { encoding: 'utf8' });
    expect(pgrep.stdout.trim()).toBe(''); // pgrep never lists itself
    expect(pgrep.status).toBe(1);
  });

  it('cancels a running run within a second or two', async () => {
    const s = await scriptFor(admin, 'echo started\nsleep 60\n');
    const e = await run(s.id);
    await waitForStatus(admin, e.id, (st) => st === 'running');
    const t0 = Date.now();
    const answer = await cancelExecution({ actor: admin, id: e.id });
    expect(answer.status).toBe('cancelling');
    const done = await waitForStatus(admin, e.id);
    expect(done.status).toBe('cancelled');
    expect(Date.now() - t0).toBeLessThan(3000);
    await expect(cancelExecution({ actor: admin, id: e.id })).rejects.toThrow(/already cancelled/);
  });

  it('retries with backoff, each attempt visible, then succeeds', async () => {
    const s = await scriptFor(
      admin,
      'echo "attempt $VSS_ATTEMPT"\n[ "$VSS_ATTEMPT" -ge 2 ] || exit 3\necho ok\n',
      'bash',
      {
        max_retries: 2,
        retry_backoff: 'fixed',
        retry_delay_seconds: 1,
      },
    );
    const e = await run(s.id);
    const done = await waitForStatus(admin, e.id);
    expect(done.status).toBe('succeeded');
    expect(done.attempt).toBe(2);
    expect(done.max_attempts).toBe(3);
    expect(done.attempts.map((a) => [a.attempt, a.status, a.exit_code])).toEqual([
      [1, 'failed', 3],
      [2, 'succeeded', 0],
    ]);
    const gap = new Date(done.attempts[1]!.started_at).getTime() - new Date(done.attempts[0]!.finished_at!).getTime();
    expect(gap).toBeGreaterThanOrEqual(900); // the 1 s fixed backoff
    const lines = await logText(e.id);
    expect(
      lines
        .filter((l) => l.attempt === 1)
        .map((l) => l.text)
        .join(''),
    ).toContain('attempt 1');
    expect(
      lines
        .filter((l) => l.attempt === 2)
        .map((l) => l.text)
        .join(''),
    ).toContain('attempt 2');
  });

  it('does not retry a timeout', async () => {
    const s = await scriptFor(admin, 'sleep 30\n', 'bash', { timeout: 1, max_retries: 2, retry_delay_seconds: 0 });
    const done = await waitForStatus(admin, (await run(s.id)).id);
    expect(done.status).toBe('timed_out');
    expect(done.attempts).toHaveLength(1);
  });

  it('caps a 100 MB output with a marker and keeps the worker memory bounded', async () => {
    const before = process.memoryUsage().rss;
    const s = await scriptFor(admin, 'head -c 100000000 /dev/zero | tr "\\0" "x"\n');
    const done = await waitForStatus(admin, (await run(s.id)).id, undefined, 60_000);
    expect(done.status).toBe('succeeded');
    expect(done.log_truncated).toBe(true);
    const lines = await logText(done.id);
    const stored = lines.reduce((n, l) => n + l.text.length, 0);
    expect(stored).toBeLessThan(1024 * 1024 + 4096);
    expect(lines.at(-1)!.text).toMatch(/log truncated: the script wrote 100000000 bytes/);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('masks secret environment values in the record and in the stored log', async () => {
    const secret = `s3cr3t-${randomUUID()}`;
    const s = await scriptFor(
      admin,
      'echo "token=$API_TOKEN"\nprintf "%s" "$API_TOKEN" | fold -w 5\nprintf \'{"echo":"%s"}\' "$API_TOKEN" > "$VSS_RESULT_FILE"\n',
    );
    const done = await waitForStatus(
      admin,
      (await run(s.id, { environment_vars: { API_TOKEN: secret, REGION: 'north' } })).id,
    );
    expect(done.environment_vars).toEqual({ API_TOKEN: '******', REGION: 'north' });
    expect(done.result).toEqual({ echo: '******' });
    const text = (await logText(done.id)).map((l) => l.text).join('');
    expect(text).toContain('token=******');
    expect(text).not.toContain(secret);
    const raw = await rawExecution(done.id);
    expect(JSON.stringify(raw)).not.toContain(secret);
  });

  it('keeps the worker environment and files away from the script', async () => {
    process.env.DATABASE_URL_PROBE = process.env.DATABASE_URL;
    const s = await scriptFor(
      admin,
      [
        'import os, json',
        'leak = [k for k in os.environ if "DATABASE" in k or "REDIS" in k or "AUTH" in k]',
        'try:\n    open("/etc/vss-probe", "w"); wrote_etc = True\nexcept OSError:\n    wrote_etc = False',
        `try:\n    open(${JSON.stringify(process.cwd() + '/package.json')}).read(); read_project = True\nexcept OSError:\n    read_project = False`,
        'open("/work/ok.txt", "w").write("fine")',
        'json.dump({"leak": leak, "wrote_etc": wrote_etc, "read_project": read_project}, open(os.environ["VSS_RESULT_FILE"], "w"))',
      ].join('\n'),
      'python',
    );
    const done = await waitForStatus(admin, (await run(s.id)).id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ leak: [], wrote_etc: false, read_project: false });
  });

  it('blocks the network unless the script allows it', async () => {
    const net = await import('node:net');
    const server = net.createServer((sock) => sock.end('pong'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const content = `import socket, json, os\ntry:\n    s = socket.create_connection(("127.0.0.1", ${port}), timeout=2); ok = s.recv(4) == b"pong"\nexcept OSError:\n    ok = False\njson.dump({"reached": ok}, open(os.environ["VSS_RESULT_FILE"], "w"))\n`;
    const closed = await scriptFor(admin, content, 'python');
    const open = await scriptFor(admin, content, 'python', { allow_network: true });
    const [a, b] = await Promise.all([run(closed.id), run(open.id)]);
    expect((await waitForStatus(admin, a.id)).result).toEqual({ reached: false });
    expect((await waitForStatus(admin, b.id)).result).toEqual({ reached: true });
    server.close();
  });

  it('validates inputs against the parameter schema and lists the bad fields', async () => {
    const s = await scriptFor(admin, 'true\n', 'bash', {
      parameters_schema: {
        type: 'object',
        required: ['camera_id'],
        properties: { camera_id: { type: 'integer' }, mode: { enum: ['fast', 'slow'] } },
      },
    });
    const err = await run(s.id, { input_parameters: { mode: 'medium' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('VALIDATION_ERROR');
    expect((err as AppError).details.map((d) => d.field).sort()).toEqual([
      'input_parameters.camera_id',
      'input_parameters.mode',
    ]);
    const ok = await run(s.id, { input_parameters: { camera_id: 3 } });
    expect((await waitForStatus(admin, ok.id)).status).toBe('succeeded');
  });

  it('returns the same execution for a repeated idempotency key', async () => {
    const s = await scriptFor(admin, 'true\n');
    const key = randomUUID();
    const [a, b] = await Promise.all([run(s.id, { idempotency_key: key }), run(s.id, { idempotency_key: key })]);
    expect(a.id).toBe(b.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    const list = await listExecutions({ actor: admin, input: { script_id: s.id } });
    expect(list.total).toBe(1);
  });

  it('waits for the final state when asked to', async () => {
    const s = await scriptFor(admin, 'echo waited\n');
    const done = await run(s.id, { wait: true });
    expect(done.status).toBe('succeeded');
  });

  it('honours script status: disabled cannot run, drafts run by hand', async () => {
    const s = await scriptFor(admin, 'true\n');
    await updateScript({ actor: admin, input: { id: s.id, patch: { status: 'disabled' } } });
    await expect(run(s.id)).rejects.toThrow(/disabled and cannot run/);
    await updateScript({ actor: admin, input: { id: s.id, patch: { status: 'draft' } } });
    await expect(executeScript({ actor: admin, input: { id: s.id }, trigger: 'schedule' })).rejects.toThrow(/draft/);
  });

  it('a run accepted right after its script changed follows the current script (version, schema, deletion)', async () => {
    // Back-to-back runs read the script row from a short-lived cache; the insert re-checks it.
    const s = await scriptFor(admin, 'echo v1\n');
    expect((await run(s.id)).script_version).toBe(1);
    await updateScript({ actor: admin, input: { id: s.id, patch: { content: 'echo v2\n' } } });
    const second = await run(s.id);
    expect(second.script_version).toBe(2);
    expect((await logText((await waitForStatus(admin, second.id)).id)).map((l) => l.text).join('')).toBe('v2\n');
    await updateScript({
      actor: admin,
      input: {
        id: s.id,
        patch: { parameters_schema: { type: 'object', required: ['site'], properties: { site: { type: 'string' } } } },
      },
    });
    await expect(run(s.id)).rejects.toThrow(/site/);
    expect((await run(s.id, { input_parameters: { site: 'north' } })).script_version).toBe(2);
    await deleteScript({ actor: admin, id: s.id });
    await expect(run(s.id, { input_parameters: { site: 'north' } })).rejects.toThrow(/not found/);
  });

  it('a viewer cannot start or cancel runs', async () => {
    const viewer = await createTestActor('viewer');
    const s = await scriptFor(admin, 'true\n');
    await expect(executeScript({ actor: viewer, input: { id: s.id }, trigger: 'manual' })).rejects.toThrow(
      /may not script.run/,
    );
  });

  it('stores logs in order with increasing seq', async () => {
    const s = await scriptFor(admin, 'for i in $(seq 1 300); do echo "line $i"; done\n');
    const done = await waitForStatus(admin, (await run(s.id)).id);
    const rows = await db().select().from(executionLogs).where(eq(executionLogs.executionId, done.id));
    const seqs = rows.map((r) => r.seq).sort((a, b) => a - b);
    expect(seqs).toEqual([...Array(seqs.length).keys()].map((i) => i + 1));
    const text = (await logText(done.id)).map((l) => l.text).join('');
    expect(text.trim().split('\n')).toEqual([...Array(300).keys()].map((i) => `line ${i + 1}`));
    expect((await getExecution({ actor: admin, id: done.id })).log_bytes).toBe(Buffer.byteLength(text));
  });

  it('stores the last output lines in the commit that makes the run final', async () => {
    // 64 KB of output is stored at once; the rest waits LOG_FLUSH_MS, set here far beyond the run,
    // so the last lines (a stderr line, and a character PostgreSQL's JSON needs escaped) can only be
    // stored with the final row.
    process.env.LOG_FLUSH_MS = '60000';
    resetEnvCache();
    try {
      const late = 'late "quoted" \\ é\n';
      const s = await scriptFor(
        admin,
        'head -c 70000 /dev/zero | tr "\\0" a; echo; sleep 0.3; echo \'late "quoted" \\ é\'; echo bye >&2\n',
      );
      const done = await waitForStatus(admin, (await run(s.id)).id);
      expect(done.status).toBe('succeeded');
      const rows = await db().execute<{ seq: number; stream: string; text: string; same_commit: boolean }>(
        sql`select l.seq, l.stream, l.text, l.xmin::text = e.xmin::text as same_commit
            from execution_logs l join executions e on e.id = l.execution_id
            where l.execution_id = ${done.id} order by l.seq`,
      );
      const stdout = rows.rows.filter((r) => r.stream === 'stdout');
      expect(stdout.map((r) => r.text).join('')).toBe(`${'a'.repeat(70000)}\n${late}`);
      expect(rows.rows.at(-1)).toMatchObject({ stream: 'stderr', text: 'bye\n', same_commit: true });
      expect(stdout.at(-1)).toMatchObject({ same_commit: true });
      expect(stdout.at(-1)!.text.endsWith(late)).toBe(true);
      // The first 64 KB were stored while the script slept, in a commit of their own.
      expect(rows.rows[0]!.same_commit).toBe(false);
    } finally {
      delete process.env.LOG_FLUSH_MS;
      resetEnvCache();
    }
  });
});
