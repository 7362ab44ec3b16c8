/**
 * Host resources in real runs: the engine (BullMQ on Redis, in-process worker, bubblewrap, bash and
 * python3) against directories and sockets this test makes under /var/tmp (not /tmp, /root or the
 * installation: the sandbox hides or replaces those). The sandbox runs as an unprivileged uid with
 * no groups, so the writable fixtures are o+rwx on the host (docs/host-resources.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { and, eq, isNull } from 'drizzle-orm';
import { db } from '@/db/client';
import { auditLogs, scriptTemplates } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { executeScript } from '@/server/executions/execute-script';
import { getExecutionLogs } from '@/server/executions/get-execution';
import { waitForStatus } from '@/server/executions/tests/engine-harness';
import { createScript } from '@/server/scripts/create-script';
import { updateScript } from '@/server/scripts/update-script';
import { createScriptFromTemplate } from '@/server/templates/create-script-from-template';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { buildSandboxArgv } from '@/worker/sandbox/run-sandboxed';
import { startWorkerRuntime, type WorkerRuntime } from '@/worker/runtime';
import { createHostResource } from '@/server/host-resources/create-host-resource';
import { updateHostResource } from '@/server/host-resources/update-host-resource';

let admin: Actor;
let editor: Actor;
let worker: WorkerRuntime;
let root: string;
let tcp: http.Server;
let tcpPort: number;
const sockets: net.Server[] = [];
const DAY = 86_400;

const slug = (p: string) => `${p}-${uniqueName('').trim().toLowerCase()}`;
const dirs = {} as Record<'rec' | 'ro' | 'secret' | 'sockets' | 'logs', string>;
const names = {} as Record<'rec' | 'ro' | 'sock' | 'logs', string>;

function old(file: string, days: number, content = 'x'.repeat(100)) {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o777 });
  chmodSync(path.dirname(file), 0o777);
  writeFileSync(file, content);
  const t = Date.now() / 1000 - days * DAY;
  utimesSync(file, t, t);
}

async function unixServer(file: string, greeting: string) {
  const s = net.createServer((c) => c.end(greeting));
  await new Promise<void>((r) => s.listen(file, r));
  chmodSync(file, 0o666); // the sandbox uid connects as "other"
  sockets.push(s);
}

/** True while the sandbox still binds the host root read-only (before the allowlist of binds). */
function sandboxSharesHostRoot(): boolean {
  const { args } = buildSandboxArgv({
    language: 'bash',
    interpreter: '/bin/bash',
    workDir: '/var/tmp',
    input: {},
    env: {},
    allowNetwork: false,
    limits: { memoryBytes: 1 << 28, cpuSeconds: 5, maxProcesses: 64, maxOpenFiles: 64, maxFileSizeBytes: 1 << 20 },
  });
  return args.some((a, i) => a === '--ro-bind' && args[i + 1] === '/' && args[i + 2] === '/');
}

beforeAll(async () => {
  admin = await createTestActor('admin');
  editor = await createTestActor('editor');
  worker = await startWorkerRuntime({ concurrency: 2 });
  root = mkdtempSync('/var/tmp/vss-hr-run-');
  chmodSync(root, 0o755);
  for (const k of ['rec', 'ro', 'secret', 'sockets', 'logs'] as const) {
    dirs[k] = path.join(root, k);
    mkdirSync(dirs[k]);
    chmodSync(dirs[k], k === 'secret' || k === 'sockets' ? 0o755 : 0o777);
  }
  writeFileSync(path.join(dirs.secret, 'secret.txt'), 'not for scripts');
  await unixServer(path.join(dirs.sockets, 'granted.sock'), 'hello from the granted socket');
  await unixServer(path.join(dirs.sockets, 'other.sock'), 'hello from the other socket');
  tcp = http.createServer((_q, s) => s.end('ok'));
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  tcpPort = (tcp.address() as AddressInfo).port;
  names.rec = slug('recordings');
  names.ro = slug('archive');
  names.sock = slug('vss-api');
  names.logs = slug('logs');
  await createHostResource({
    actor: admin,
    input: { name: names.rec, path: dirs.rec, kind: 'directory', mode: 'read-write', description: 'camera recordings' },
  });
  await createHostResource({
    actor: admin,
    input: { name: names.ro, path: dirs.ro, kind: 'directory', mode: 'read-only' },
  });
  await createHostResource({
    actor: admin,
    input: { name: names.sock, path: path.join(dirs.sockets, 'granted.sock'), kind: 'socket', mode: 'read-write' },
  });
  await createHostResource({
    actor: admin,
    input: { name: names.logs, path: dirs.logs, kind: 'directory', mode: 'read-write' },
  });
}, 120_000);

afterAll(async () => {
  await worker?.stop(2000);
  for (const s of sockets) await new Promise((r) => s.close(r));
  await new Promise((r) => tcp?.close(r));
  if (root) rmSync(root, { recursive: true, force: true });
});

async function templateId(key: string) {
  const [row] = await db()
    .select()
    .from(scriptTemplates)
    .where(and(eq(scriptTemplates.builtinKey, key), isNull(scriptTemplates.deletedAt)));
  return row!.id;
}

async function run(scriptId: string) {
  const queued = await executeScript({ actor: admin, input: { id: scriptId }, trigger: 'manual' });
  const done = await waitForStatus(admin, queued.id, undefined, 60_000);
  const { lines } = await getExecutionLogs({ actor: admin, input: { id: queued.id, limit: 5000 } });
  return { ...done, log: lines.map((l) => l.text).join('') };
}

async function runAudit(executionId: string) {
  return db()
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.entityId, executionId), eq(auditLogs.action, 'execution.host_resources')));
}

describe('host resources in runs', () => {
  it('"Clean up old recordings" deletes only the old files of a granted read-write host directory', async () => {
    old(path.join(dirs.rec, 'old.mp4'), 40);
    old(path.join(dirs.rec, 'cam1', 'old2.mp4'), 31);
    old(path.join(dirs.rec, 'new.mp4'), 2);
    old(path.join(dirs.rec, 'old.txt'), 40);
    const { script } = await createScriptFromTemplate({
      actor: admin,
      input: {
        id: await templateId('cleanup-old-recordings'),
        name: uniqueName('cleanup'),
        values: { directory: dirs.rec, days: 30, pattern: '*.mp4', dry_run: false },
      },
    });
    expect(script.host_resources?.map((r) => [r.name, r.mode, r.state])).toEqual([
      [names.rec, 'read-write', 'granted'],
    ]);
    expect(script.allow_network).toBe(false);
    const done = await run(script.id);
    console.log(`--- cleanup run ${done.id} (${done.status}):\n${done.log}--- result: ${JSON.stringify(done.result)}`);
    expect(done.status, done.log).toBe('succeeded');
    expect(done.result).toMatchObject({ directory: dirs.rec, dry_run: false, matched: 2, deleted: 2, failed: 0 });
    expect(existsSync(path.join(dirs.rec, 'old.mp4'))).toBe(false);
    expect(existsSync(path.join(dirs.rec, 'cam1', 'old2.mp4'))).toBe(false);
    expect(existsSync(path.join(dirs.rec, 'new.mp4'))).toBe(true);
    expect(existsSync(path.join(dirs.rec, 'old.txt'))).toBe(true);
    expect(done.log).toContain(`host resources: ${names.rec} (directory ${dirs.rec}, read-write)`);
    const audit = await runAudit(done.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.summary).toContain(`binds ${names.rec} (directory ${dirs.rec}, read-write)`);
  });

  it('"Rotate and compress log files" rotates a granted host log directory', async () => {
    writeFileSync(path.join(dirs.logs, 'app.log'), 'line\n'.repeat(500));
    chmodSync(path.join(dirs.logs, 'app.log'), 0o666);
    const { script } = await createScriptFromTemplate({
      actor: admin,
      input: {
        id: await templateId('rotate-compress-logs'),
        name: uniqueName('rotate'),
        values: { directory: dirs.logs, pattern: '*.log', keep: 3, min_size_kb: 0 },
      },
    });
    const done = await run(script.id);
    expect(done.status, done.log).toBe('succeeded');
    expect(done.result).toEqual({ rotated: 1, skipped: 0, archives_removed: 0 });
    expect(readFileSync(path.join(dirs.logs, 'app.log'), 'utf8')).toBe('');
    expect(readdirSync(dirs.logs).filter((f) => /^app\.log\.\d{8}-\d{6}\.gz$/.test(f))).toHaveLength(1);
  });

  it('the templates refuse a host directory no resource covers, or one granted only read-only', async () => {
    const id = await templateId('cleanup-old-recordings');
    const uncovered = await createScriptFromTemplate({
      actor: admin,
      input: { id, name: uniqueName('c'), values: { directory: dirs.secret, dry_run: false } },
    }).catch((e: unknown) => e);
    expect(uncovered).toBeInstanceOf(AppError);
    expect((uncovered as AppError).details[0]).toEqual({
      field: 'values.directory',
      message: expect.stringContaining(`no read-write host resource covers the directory ${dirs.secret}`),
    });
    const readOnly = await createScriptFromTemplate({
      actor: admin,
      input: { id, name: uniqueName('c'), values: { directory: dirs.ro, dry_run: false } },
    }).catch((e: unknown) => e);
    expect((readOnly as AppError).message).toContain(`no read-write host resource covers the directory ${dirs.ro}`);
    const escape = await createScriptFromTemplate({
      actor: admin,
      input: { id, name: uniqueName('c'), values: { directory: `${dirs.rec}/../secret`, dry_run: false } },
    }).catch((e: unknown) => e);
    expect((escape as AppError).code).toBe('VALIDATION_ERROR');
    // Someone who may not grant the resource cannot make a script that needs it.
    const byEditor = await createScriptFromTemplate({
      actor: editor,
      input: { id, name: uniqueName('c'), values: { directory: dirs.rec, dry_run: false } },
    }).catch((e: unknown) => e);
    expect((byEditor as AppError).code).toBe('FORBIDDEN');
    expect((byEditor as AppError).message).toContain(names.rec);
  });

  it('a read-only grant refuses writes; the template says so when its grant is made read-only', async () => {
    old(path.join(dirs.ro, 'keep.mp4'), 40);
    const script = await createScript({
      actor: admin,
      input: {
        name: uniqueName('ro'),
        language: 'bash',
        host_resources: [names.ro],
        content: `ls ${dirs.ro}\nrm -f ${dirs.ro}/keep.mp4 && echo REMOVED\ntouch ${dirs.ro}/new.txt && echo CREATED\nexit 0\n`,
      },
    });
    const done = await run(script.id);
    expect(done.status).toBe('succeeded');
    expect(done.log).toContain('keep.mp4');
    expect(done.log).toMatch(/cannot remove .*keep\.mp4.*Read-only file system/);
    expect(done.log).toMatch(/cannot touch .*new\.txt.*Read-only file system/);
    expect(done.log).not.toContain('REMOVED');
    expect(done.log).not.toContain('CREATED');
    expect(existsSync(path.join(dirs.ro, 'keep.mp4'))).toBe(true);

    // A template script granted read-write, whose resource an admin then makes read-only.
    const scratch = path.join(root, 'scratch');
    mkdirSync(scratch, { mode: 0o777 });
    chmodSync(scratch, 0o777);
    old(path.join(scratch, 'old.mp4'), 40);
    const scratchName = slug('scratch');
    const r = await createHostResource({
      actor: admin,
      input: { name: scratchName, path: scratch, kind: 'directory', mode: 'read-write' },
    });
    const { script: cleanup } = await createScriptFromTemplate({
      actor: admin,
      input: {
        id: await templateId('cleanup-old-recordings'),
        name: uniqueName('c'),
        values: { directory: scratch, dry_run: false },
      },
    });
    await updateHostResource({ actor: admin, input: { id: r.id, patch: { mode: 'read-only' } } });
    const refused = await run(cleanup.id);
    expect(refused.status).toBe('failed');
    expect(refused.log).toContain(
      `directory is read-only for this script: '${scratch}' (grant it as a read-write host resource`,
    );
    expect(existsSync(path.join(scratch, 'old.mp4'))).toBe(true);
  });

  it('binds exactly the granted paths: ungranted ones stay out of reach, a granted socket answers, the network stays off', async () => {
    const shared = sandboxSharesHostRoot();
    const script = await createScript({
      actor: admin,
      input: {
        name: uniqueName('reach'),
        language: 'python',
        host_resources: [names.rec, names.sock],
        content: [
          'import json, os, socket',
          `rec, secret, socks, port = ${JSON.stringify(dirs.rec)}, ${JSON.stringify(dirs.secret)}, ${JSON.stringify(dirs.sockets)}, ${tcpPort}`,
          'out = {}',
          'def attempt(key, fn):',
          '    try:',
          '        out[key] = fn()',
          '    except OSError as e:',
          '        out[key] = "error: " + (e.strerror or str(e))',
          'def write(p):',
          '    with open(p, "w") as f: f.write("x")',
          '    return "written"',
          'def talk(p):',
          '    s = socket.socket(socket.AF_UNIX)',
          '    s.settimeout(3)',
          '    s.connect(p)',
          '    return s.recv(100).decode()',
          'attempt("write_granted", lambda: write(rec + "/from-script.txt"))',
          'out["secret_visible"] = os.path.exists(secret + "/secret.txt")',
          'attempt("write_ungranted", lambda: write(secret + "/from-script.txt"))',
          'attempt("granted_socket", lambda: talk(socks + "/granted.sock"))',
          'attempt("other_socket", lambda: talk(socks + "/other.sock"))',
          'attempt("network", lambda: socket.create_connection(("127.0.0.1", port), timeout=3) and "connected")',
          'json.dump(out, open(os.environ["VSS_RESULT_FILE"], "w"))',
        ].join('\n'),
      },
    });
    const done = await run(script.id);
    expect(done.status, done.log).toBe('succeeded');
    const r = done.result as Record<string, unknown>;
    expect(r.write_granted).toBe('written');
    expect(readFileSync(path.join(dirs.rec, 'from-script.txt'), 'utf8')).toBe('x');
    expect(r.write_ungranted).toMatch(/^error: /);
    expect(existsSync(path.join(dirs.secret, 'from-script.txt'))).toBe(false);
    expect(r.granted_socket).toBe('hello from the granted socket');
    expect(r.network).toMatch(/^error: /); // a write grant is not a network grant
    // Ungranted host paths are invisible once the sandbox binds an allowlist instead of the host
    // root; while it still binds the root read-only they are readable but never writable.
    expect(r.secret_visible).toBe(shared);
    if (shared) expect(r.other_socket).toBe('hello from the other socket');
    else expect(r.other_socket).toMatch(/^error: /);
    expect((await runAudit(done.id))[0]!.summary).toContain(
      `${names.sock} (socket ${path.join(dirs.sockets, 'granted.sock')}, read-write)`,
    );
  });

  it('a read-write grant of a directory other users may not write: the log says why writes fail', async () => {
    const closed = path.join(root, 'closed');
    mkdirSync(closed);
    chmodSync(closed, 0o755); // root's, not writable by the sandbox uid
    const closedName = slug('closed');
    await createHostResource({
      actor: admin,
      input: { name: closedName, path: closed, kind: 'directory', mode: 'read-write' },
    });
    const script = await createScript({
      actor: admin,
      input: {
        name: uniqueName('closed'),
        language: 'bash',
        content: `touch ${closed}/x && echo CREATED\nexit 0`,
        host_resources: [closedName],
      },
    });
    const done = await run(script.id);
    expect(done.log).toContain(
      `note: ${closed} is granted read-write but its permissions do not let other users write it`,
    );
    expect(done.log).toMatch(/Permission denied/);
    expect(done.log).not.toContain('CREATED');
    expect(existsSync(path.join(closed, 'x'))).toBe(false);
  });

  it('a run whose grant is suspended, or whose resource is gone from the host, fails before it starts', async () => {
    const gone = path.join(root, 'gone');
    mkdirSync(gone);
    const goneName = slug('gone');
    await createHostResource({
      actor: admin,
      input: { name: goneName, path: gone, kind: 'directory', mode: 'read-only' },
    });
    const script = await createScript({
      actor: admin,
      input: {
        name: uniqueName('g'),
        language: 'bash',
        content: 'echo STARTED',
        host_resources: [names.rec, goneName],
      },
    });
    rmSync(gone, { recursive: true });
    const missing = await run(script.id);
    expect(missing.status).toBe('failed');
    expect(missing.error).toBe(
      `host resource ${goneName} cannot be bound on this worker: host path does not exist: ${gone}`,
    );
    expect(missing.log).not.toContain('STARTED');
    expect(await runAudit(missing.id)).toEqual([]);

    const other = await createScript({
      actor: admin,
      input: { name: uniqueName('s'), language: 'bash', content: 'echo STARTED', host_resources: [names.rec] },
    });
    await updateScript({ actor: editor, input: { id: other.id, patch: { content: 'echo STARTED; rm -rf /' } } });
    const suspended = await run(other.id);
    expect(suspended.status).toBe('failed');
    expect(suspended.error).toMatch(
      new RegExp(`^host resource ${names.rec} is not granted to this script: version 2 was saved by `),
    );
    expect(suspended.log).not.toContain('STARTED');
  });
});
