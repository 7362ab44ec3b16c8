/**
 * Every built-in template, instantiated through the service and RUN by the real engine (in-process
 * worker: BullMQ on Redis, bubblewrap sandbox, real python3/bash), against fixtures made here: a
 * local HTTP server on 127.0.0.1 (scripts that need it get allow_network), and files the run
 * prepares inside its own work directory (the sandbox hides this project and keeps /tmp private).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, isNull } from 'drizzle-orm';
import { db } from '@/db/client';
import { scriptTemplates } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { executeScript } from '@/server/executions/execute-script';
import { getExecutionLogs } from '@/server/executions/get-execution';
import { waitForStatus } from '@/server/executions/tests/engine-harness';
import { resolveInterpreters } from '@/server/runtime/interpreters';
import { upsertSecret } from '@/server/secrets/upsert-secret';
import { getScript } from '@/server/scripts/get-script';
import { updateScript } from '@/server/scripts/update-script';
import { validateScript } from '@/server/scripts/validation/validate-script';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { startTestWorker, type WorkerRuntime } from '@/server/test/worker-harness';
import { builtinTemplates } from '../builtin';
import { createScriptFromTemplate } from '../create-script-from-template';
import { renderTemplate } from '../render-template';
import { seedBuiltinTemplates } from '../seed-builtin-templates';
import { templateParameters, type ParameterValue } from '../templates.schema';

let admin: Actor;
let worker: WorkerRuntime;
let server: http.Server;
let base: string;
let port: number;
const hooks: { headers: http.IncomingHttpHeaders; body: string }[] = [];
const apiToken = `tok-${randomBytes(8).toString('hex')}`;

beforeAll(async () => {
  admin = await createTestActor('admin');
  worker = await startTestWorker({ concurrency: 4 }); // bootstrap seeds the built-ins
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.url === '/ok') return json(200, { ok: true });
      if (req.url === '/down') return json(503, { ok: false });
      if (req.url === '/api/cameras') {
        if (req.headers.authorization !== `Bearer ${apiToken}`) return json(401, { error: 'unauthorized' });
        return json(200, {
          status: 'ok',
          cameras: [
            { id: 'gate', online: true },
            { id: 'lobby', online: false },
          ],
        });
      }
      if (req.url === '/hook' && req.method === 'POST') {
        hooks.push({ headers: req.headers, body });
        return json(200, { received: true });
      }
      json(404, { error: 'not found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await worker?.stop(2000);
  await new Promise((r) => server?.close(r));
});

async function templateId(key: string): Promise<string> {
  const [row] = await db()
    .select()
    .from(scriptTemplates)
    .where(and(eq(scriptTemplates.builtinKey, key), isNull(scriptTemplates.deletedAt)));
  expect(row, `built-in ${key} is seeded`).toBeDefined();
  return row!.id;
}

async function instantiate(
  key: string,
  values: Record<string, ParameterValue | null>,
  extra: { allow_network?: boolean } = {},
) {
  return createScriptFromTemplate({
    actor: admin,
    input: { id: await templateId(key), name: uniqueName(key), values, ...extra },
  });
}

/**
 * Runs the template's rendered content unchanged, byte for byte, as /work/template.sh, after a
 * prelude that creates fixture files and before a postlude that shows what is left.
 */
async function wrapWithFixtures(scriptId: string, prelude: string, postlude: string) {
  const script = await getScript({ actor: admin, id: scriptId });
  expect(script.content).not.toContain('__VSS_TEMPLATE_EOF__');
  const content = [
    'set -e',
    prelude,
    "cat > /work/template.sh <<'__VSS_TEMPLATE_EOF__'",
    script.content.replace(/\n?$/, ''),
    '__VSS_TEMPLATE_EOF__',
    'set +e',
    'bash /work/template.sh',
    'rc=$?',
    'echo "--- after the template:"',
    postlude,
    'exit $rc',
  ].join('\n');
  await updateScript({ actor: admin, input: { id: scriptId, patch: { content } } });
}

async function run(
  scriptId: string,
  input: { input_parameters?: Record<string, unknown>; environment_vars?: Record<string, string> } = {},
) {
  const queued = await executeScript({ actor: admin, input: { id: scriptId, ...input }, trigger: 'manual' });
  const done = await waitForStatus(admin, queued.id, undefined, 60_000);
  const { lines } = await getExecutionLogs({ actor: admin, input: { id: queued.id, limit: 5000 } });
  return { ...done, log: lines.map((l) => l.text).join('') };
}

const resultOf = <T>(e: { result: unknown }) => e.result as T;

describe('built-in templates', () => {
  it('are all seeded, valid, and render with their defaults into scripts without syntax errors', async () => {
    await seedBuiltinTemplates();
    const keys = builtinTemplates.map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(9);
    for (const t of builtinTemplates) {
      await templateId(t.key);
      const parameters = templateParameters.parse(t.parameters);
      // fill the required parameters that have no default with a plausible value
      const values = Object.fromEntries(
        parameters
          .filter((p) => p.required && p.default === undefined)
          .map((p) => [p.name, p.type === 'number' ? 1 : p.name.includes('url') ? 'http://127.0.0.1/x' : '/tmp/x']),
      );
      const rendered = renderTemplate({ language: t.language, content: t.content, parameters }, values);
      expect(rendered.issues, t.key).toEqual([]);
      const validation = await validateScript({ content: rendered.content, language: t.language });
      expect(validation.syntax, t.key).toEqual([]);
      expect(
        validation.dangers.filter((d) => d.severity === 'block'),
        t.key,
      ).toEqual([]);
    }
  });

  it('http-health-check: healthy HTTP and RTSP (TCP) URLs pass, a 503 fails the run', async () => {
    const good = await instantiate('http-health-check', { urls: `${base}/ok\nrtsp://127.0.0.1:${port}/stream1` });
    expect(good.script.allow_network).toBe(true); // the template says it needs the network
    expect(good.script.status).toBe('draft');
    const ok = await run(good.script.id);
    expect(ok.status).toBe('succeeded');
    expect(resultOf<{ healthy: number; results: { url: string; status: number | null }[] }>(ok)).toMatchObject({
      checked: 2,
      healthy: 2,
      results: [
        { url: `${base}/ok`, ok: true, status: 200 },
        { url: `rtsp://127.0.0.1:${port}/stream1`, ok: true },
      ],
    });

    const mixed = await instantiate('http-health-check', { urls: `${base}/ok, ${base}/down`, timeout_seconds: 3 });
    const bad = await run(mixed.script.id);
    expect(bad.status).toBe('failed');
    expect(bad.exit_code).toBe(1);
    expect(resultOf(bad)).toMatchObject({
      checked: 2,
      healthy: 1,
      unhealthy: 1,
      results: [{ ok: true }, { ok: false, status: 503, error: 'HTTP 503' }],
    });
    expect(bad.log).toContain(`FAIL ${base}/down`);

    const lenient = await instantiate('http-health-check', { urls: `${base}/down`, fail_on_error: false });
    expect((await run(lenient.script.id)).status).toBe('succeeded');
  });

  it('disk-usage-alert: below the threshold succeeds, at or above it fails with an alert', async () => {
    const calm = await instantiate('disk-usage-alert', { paths: '/work', threshold_percent: 100 });
    const ok = await run(calm.script.id);
    expect(ok.status).toBe('succeeded');
    const r = resultOf<{ filesystems: { path: string; used_percent: number; alert: boolean }[]; alerts: number }>(ok);
    expect(r.alerts).toBe(0);
    expect(r.filesystems[0]!.path).toBe('/work');
    expect(r.filesystems[0]!.used_percent).toBeGreaterThanOrEqual(0);

    const strict = await instantiate('disk-usage-alert', { paths: '/work, /', threshold_percent: 0 });
    const alert = await run(strict.script.id);
    expect(alert.status).toBe('failed');
    expect(resultOf(alert)).toMatchObject({ threshold_percent: 0, alerts: 2, errors: 0 });
    expect(alert.log).toMatch(/alert +\/work: \d+% used/);

    const missing = await instantiate('disk-usage-alert', { paths: '/does/not/exist' });
    const err = await run(missing.script.id);
    expect(err.status).toBe('failed');
    expect(resultOf(err)).toMatchObject({ errors: 1, filesystems: [{ path: '/does/not/exist' }] });
  });

  const recordingsFixture = [
    'mkdir -p /work/recordings/cam1',
    'head -c 1000 /dev/zero > /work/recordings/cam1/old1.mp4',
    'head -c 500 /dev/zero > /work/recordings/old2.mp4',
    'echo keep > /work/recordings/old.txt',
    'echo new > /work/recordings/cam1/new.mp4',
    "touch -d '40 days ago' /work/recordings/cam1/old1.mp4 /work/recordings/old2.mp4 /work/recordings/old.txt",
    "touch -d '2 days ago' /work/recordings/cam1/new.mp4",
  ].join('\n');

  it('cleanup-old-recordings: a dry run only lists, a real run deletes exactly the old matching files', async () => {
    const dry = await instantiate('cleanup-old-recordings', {
      directory: '/work/recordings',
      days: 30,
      pattern: '*.mp4',
    });
    await wrapWithFixtures(dry.script.id, recordingsFixture, 'find /work/recordings -type f | sort');
    const listed = await run(dry.script.id);
    expect(listed.status).toBe('succeeded');
    expect(resultOf(listed)).toEqual({
      directory: '/work/recordings',
      days: 30,
      dry_run: true,
      matched: 2,
      deleted: 0,
      failed: 0,
      bytes: 1500,
    });
    expect(listed.log).toContain('would delete: /work/recordings/cam1/old1.mp4 (1000 bytes)');
    const after = listed.log.split('--- after the template:')[1]!;
    expect(after.trim().split('\n')).toEqual([
      '/work/recordings/cam1/new.mp4',
      '/work/recordings/cam1/old1.mp4',
      '/work/recordings/old.txt',
      '/work/recordings/old2.mp4',
    ]);

    const real = await instantiate('cleanup-old-recordings', {
      directory: '/work/recordings',
      days: 30,
      pattern: '*.mp4',
      dry_run: false,
    });
    await wrapWithFixtures(real.script.id, recordingsFixture, 'find /work/recordings -type f | sort');
    const cleaned = await run(real.script.id);
    expect(cleaned.status).toBe('succeeded');
    expect(resultOf(cleaned)).toMatchObject({ dry_run: false, matched: 2, deleted: 2, bytes: 1500 });
    expect(cleaned.log.split('--- after the template:')[1]!.trim().split('\n')).toEqual([
      '/work/recordings/cam1/new.mp4',
      '/work/recordings/old.txt',
    ]);

    // A path that climbs out of /work needs a host resource that covers it: refused at once...
    const climbing = await instantiate('cleanup-old-recordings', { directory: '/work/../', dry_run: false }).catch(
      (e: unknown) => e,
    );
    expect(climbing).toMatchObject({ code: 'VALIDATION_ERROR', details: [{ field: 'values.directory' }] });
    // ...and the script itself still refuses the root directory, whatever path leads there.
    const root = await instantiate('cleanup-old-recordings', { directory: '/work/recordings', dry_run: false });
    const rendered = (await getScript({ actor: admin, id: root.script.id })).content;
    expect(rendered).toContain("DIRECTORY='/work/recordings'");
    await updateScript({
      actor: admin,
      input: {
        id: root.script.id,
        patch: { content: rendered.replace("DIRECTORY='/work/recordings'", "DIRECTORY='/work/../'") },
      },
    });
    const refused = await run(root.script.id);
    expect(refused.status).toBe('failed');
    expect(refused.log).toContain('refusing to clean up the root directory');
  });

  it('rest-api-json-check: calls the API with a bearer token from a secret and checks the value', async () => {
    const secret = `TPL_API_${randomBytes(4).toString('hex').toUpperCase()}`;
    await upsertSecret({ actor: admin, input: { name: secret, value: apiToken } });
    const made = await instantiate('rest-api-json-check', {
      url: `${base}/api/cameras`,
      json_path: 'cameras.0.online',
      expected_value: 'true',
      auth_token: secret,
    });
    expect(made.secrets).toEqual([secret]);
    expect(made.script.content).not.toContain(apiToken);
    expect(made.script.content).toContain(`TOKEN = os.environ["${secret}"]`);
    expect(made.script.content).toContain(`#   ${secret}={{secret:${secret}}}`);
    expect(made.script.description).toContain(`${secret}={{secret:${secret}}}`);

    const ok = await run(made.script.id, { environment_vars: { [secret]: `{{secret:${secret}}}` } });
    expect(ok.status).toBe('succeeded');
    expect(resultOf(ok)).toMatchObject({ ok: true, status: 200, json_path: 'cameras.0.online', value: true });
    expect(ok.log).not.toContain(apiToken);

    const wrong = await instantiate('rest-api-json-check', {
      url: `${base}/api/cameras`,
      json_path: 'cameras.1.online',
      expected_value: 'true',
      auth_token: secret,
    });
    const failed = await run(wrong.script.id, { environment_vars: { [secret]: `{{secret:${secret}}}` } });
    expect(failed.status).toBe('failed');
    expect(resultOf(failed)).toMatchObject({
      ok: false,
      value: false,
      message: 'cameras.1.online is false, expected true',
    });

    const noToken = await instantiate('rest-api-json-check', { url: `${base}/api/cameras` });
    const refused = await run(noToken.script.id);
    expect(refused.status).toBe('failed');
    expect(resultOf(refused)).toMatchObject({ ok: false, status: 401 });
  });

  it('postgres-query-to-csv: writes the rows as CSV with psql (present on this host under /usr)', async () => {
    const hasPsql = spawnSync('bash', ['-c', 'PATH=/usr/local/bin:/usr/bin:/bin command -v psql']).status === 0;
    const secret = `TPL_PG_${randomBytes(4).toString('hex').toUpperCase()}`;
    await upsertSecret({ actor: admin, input: { name: secret, value: process.env.DATABASE_URL! } });
    const made = await instantiate('postgres-query-to-csv', {
      connection: secret,
      query: `select 1 as id, 'gate, north' as camera union all select 2, 'say "hi"' order by 1`,
      output_file: 'cameras.csv',
    });
    const done = await run(made.script.id, { environment_vars: { [secret]: `{{secret:${secret}}}` } });
    if (hasPsql) {
      expect(done.status).toBe('succeeded');
      expect(resultOf(done)).toEqual({ ok: true, rows: 2, columns: ['id', 'camera'], file: '/work/cameras.csv' });
      expect(done.log).toContain('id,camera\n1,"gate, north"\n2,"say ""hi"""\n');
    } else {
      expect(done.status).toBe('failed');
      expect(resultOf(done)).toMatchObject({ ok: false, error: 'psql_not_installed' });
    }
  });

  it('postgres-query-to-csv: without psql the script fails and explains (run directly with an empty PATH)', () => {
    const t = builtinTemplates.find((x) => x.key === 'postgres-query-to-csv')!;
    const rendered = renderTemplate(
      { language: 'python', content: t.content, parameters: templateParameters.parse(t.parameters) },
      { connection: 'PG_X' },
    );
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tpl-pg-'));
    try {
      writeFileSync(path.join(dir, 'script.py'), rendered.content);
      const r = spawnSync(resolveInterpreters().python, ['script.py'], {
        cwd: dir,
        env: {
          NODE_ENV: 'test',
          PATH: dir,
          PG_X: 'postgresql://nowhere/x',
          VSS_RESULT_FILE: path.join(dir, 'result.json'),
        },
        encoding: 'utf8',
      });
      expect(r.status).toBe(3);
      expect(r.stderr).toContain('psql (the PostgreSQL client) is not installed on the worker host');
      expect(r.stderr).toContain('apt-get install postgresql-client');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rotate-compress-logs: compresses and truncates the logs, keeps the newest N archives', async () => {
    const made = await instantiate('rotate-compress-logs', { directory: '/work/logs', keep: 3 });
    await wrapWithFixtures(
      made.script.id,
      [
        'mkdir -p /work/logs',
        "printf 'line1\\nline2\\n' > /work/logs/app.log",
        ': > /work/logs/empty.log',
        'echo other > /work/logs/notes.txt',
        'for i in 1 2 3 4; do echo "old $i" | gzip > /work/logs/app.log.20200101-00000$i.gz; done',
      ].join('\n'),
      [
        'ls -1 /work/logs',
        'echo "app.log size: $(stat -c %s /work/logs/app.log)"',
        'for f in /work/logs/app.log.2*.gz; do case "$f" in *20200101*) ;; *) echo "newest holds:"; gzip -cd "$f";; esac; done',
      ].join('\n'),
    );
    const done = await run(made.script.id);
    expect(done.status).toBe('succeeded');
    expect(resultOf(done)).toEqual({ rotated: 1, skipped: 1, archives_removed: 2 });
    const after = done.log.split('--- after the template:')[1]!;
    const files = after.split('\n').filter((l) => l.startsWith('app.log.') || l.endsWith('.log') || l.endsWith('.txt'));
    expect(files.filter((f) => f.startsWith('app.log.'))).toHaveLength(3);
    expect(files).toContain('app.log.20200101-000003.gz');
    expect(files).toContain('app.log.20200101-000004.gz');
    expect(files).not.toContain('app.log.20200101-000001.gz');
    expect(files).toEqual(expect.arrayContaining(['app.log', 'empty.log', 'notes.txt']));
    expect(after).toContain('app.log size: 0');
    expect(after).toContain('newest holds:\nline1\nline2\n');
  });

  it('ping-hosts: reports honestly on ICMP in the sandbox, and the TCP fallback reaches 127.0.0.1', async () => {
    const hostHasPing =
      spawnSync('bash', ['-c', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin command -v ping'])
        .status === 0;
    const plain = await instantiate('ping-hosts', { hosts: '127.0.0.1' });
    expect(plain.script.allow_network).toBe(true);
    const icmp = await run(plain.script.id);
    const host = resultOf<{
      ping_installed: boolean;
      hosts: { host: string; reachable: boolean; method: string; error: string }[];
    }>(icmp);
    expect(host.ping_installed).toBe(hostHasPing);
    if (!hostHasPing) {
      // this machine: no ping program at all
      expect(icmp.status).toBe('failed');
      expect(host.hosts).toEqual([
        { host: '127.0.0.1', reachable: false, method: 'none', error: 'ping is not installed' },
      ]);
      expect(icmp.log).toContain('ping is not installed on the worker host');
    } else {
      // with ping: either unprivileged ICMP works, or the sandbox (no capabilities) refuses it
      expect(host.hosts[0]!.reachable || /permi/i.test(host.hosts[0]!.error)).toBe(true);
    }

    const fallback = await instantiate('ping-hosts', { hosts: '127.0.0.1, -bad', fallback_tcp_port: port });
    const tcp = await run(fallback.script.id);
    const r = resultOf<{ hosts: { host: string; reachable: boolean; method: string; error: string }[] }>(tcp);
    expect(r.hosts[0]).toMatchObject({ host: '127.0.0.1', reachable: true });
    expect(r.hosts[1]).toEqual({ host: '-bad', reachable: false, method: 'none', error: 'not a host name or address' });
    expect(tcp.status).toBe('failed'); // because of -bad
  });

  it('json-aggregate: groups the run input records and writes the statistics as the result', async () => {
    const made = await instantiate('json-aggregate', { group_by: 'camera', value_field: 'events' });
    const done = await run(made.script.id, {
      input_parameters: {
        records: [
          { camera: 'gate', events: 3 },
          { camera: 'gate', events: 5 },
          { camera: '大门', events: 1.5 },
          { camera: 'lobby', events: 'n/a' },
          { other: 1 },
        ],
      },
    });
    expect(done.status).toBe('succeeded');
    expect(resultOf(done)).toEqual({
      group_by: 'camera',
      value_field: 'events',
      records: 5,
      skipped: 1,
      groups: {
        gate: { count: 2, numeric: 2, sum: 8, min: 3, max: 5, avg: 4 },
        大门: { count: 1, numeric: 1, sum: 1.5, min: 1.5, max: 1.5, avg: 1.5 },
        lobby: { count: 1, numeric: 0, sum: 0, min: null, max: null, avg: null },
      },
    });

    const empty = await run(made.script.id, { input_parameters: { rows: [] } });
    expect(empty.status).toBe('failed');
    expect(empty.log).toContain("the input has no list under 'records'");
  });

  it('webhook-notify: POSTs the notification byte-exact, with the token, and lets the run input override', async () => {
    const secret = `TPL_HOOK_${randomBytes(4).toString('hex').toUpperCase()}`;
    await upsertSecret({ actor: admin, input: { name: secret, value: apiToken } });
    const message = `Camera "gate" is offline; it's $(not run) \`nor this\` \\ """\nsecond line 摄像头`;
    const made = await instantiate('webhook-notify', {
      webhook_url: `${base}/hook`,
      title: 'Camera offline',
      message,
      severity: 'critical',
      auth_token: secret,
    });
    hooks.length = 0;
    const done = await run(made.script.id, { environment_vars: { [secret]: `{{secret:${secret}}}` } });
    expect(done.status).toBe('succeeded');
    expect(hooks).toHaveLength(1);
    expect(hooks[0]!.headers.authorization).toBe(`Bearer ${apiToken}`);
    const sent = JSON.parse(hooks[0]!.body);
    expect(sent).toMatchObject({
      title: 'Camera offline',
      message,
      severity: 'critical',
      source: 'vss-script-orchestration',
      execution_id: done.id,
    });
    expect(resultOf(done)).toMatchObject({ status: 200 });

    const fromEvent = await run(made.script.id, {
      input_parameters: { message: 'from the event', severity: 'info' },
      environment_vars: { [secret]: `{{secret:${secret}}}` },
    });
    expect(fromEvent.status).toBe('succeeded');
    expect(JSON.parse(hooks[1]!.body)).toMatchObject({
      title: 'Camera offline',
      message: 'from the event',
      severity: 'info',
    });

    const nowhere = await instantiate('webhook-notify', { webhook_url: `${base}/missing` });
    const failed = await run(nowhere.script.id);
    expect(failed.status).toBe('failed');
    expect(resultOf(failed)).toMatchObject({ status: 404 });
  });
});
