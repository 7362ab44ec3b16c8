import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import type { Actor } from '@/server/auth/actor';
import { executeScript } from '@/server/executions/execute-script';
import { getExecutionLogs } from '@/server/executions/get-execution';
import { scriptFor, waitForStatus } from '@/server/executions/tests/engine-harness';
import { logger } from '@/server/log/logger';
import { redis } from '@/server/queue/connection';
import { createTestActor } from '@/server/test/fixtures';
import { startTestWorker, type WorkerRuntime } from '@/server/test/worker-harness';
import { MASK, secretForms } from '../secret-masker';
import { upsertSecret } from '@/server/secrets/upsert-secret';

// Every log line this process writes (debug level) also goes to a file, scanned at the end.
const LOG_FILE = vi.hoisted(() => {
  const file = `${process.env.TMPDIR ?? '/tmp'}/vss-secret-scan-${process.pid}-${Date.now()}.log`;
  process.env.LOG_FILE = file;
  process.env.LOG_LEVEL = 'debug';
  return file;
});

let admin: Actor & { type: 'user' };
let worker: WorkerRuntime;
beforeAll(async () => {
  admin = await createTestActor('admin');
  worker = await startTestWorker({ concurrency: 2 });
});
afterAll(async () => {
  await worker?.stop(2000);
});

async function secret(value: string) {
  const name = `MK_${randomUUID().slice(0, 8).toUpperCase()}`;
  await upsertSecret({ actor: admin, input: { name, value, scope: { roles: ['admin'], any_where: true } } });
  return `{{secret:${name}}}`;
}
async function run(content: string, env: Record<string, string>) {
  const script = await scriptFor(admin, content, 'python');
  const started = await executeScript({
    actor: admin,
    input: { id: script.id, environment_vars: env },
    trigger: 'manual',
  });
  const done = await waitForStatus(admin, started.id);
  const logs = await getExecutionLogs({ actor: admin, input: { id: started.id, limit: 5000 } });
  return { done, text: logs.lines.map((l) => l.text).join(''), lines: logs.lines };
}
const field = (text: string, label: string) => text.match(new RegExp(`^${label}=(.*)$`, 'm'))?.[1];

// Quotes, a backslash, a slash, a plus, a space and a non-ASCII letter: every escaping differs.
const S = `Pw"\\/ü+ x-${randomUUID().slice(0, 12)}`;

describe('a run masks the secret in every form it prints', () => {
  it('each encoding, inside composite values, split across writes, on stdout and stderr', async () => {
    const ref = await secret(S);
    const { done, text } = await run(
      [
        'import base64, binascii, json, os, sys, time, urllib.parse',
        's = os.environ["PW"]',
        'b = s.encode()',
        'out = {',
        '  "plain": s, "json": json.dumps(s), "json_utf8": json.dumps(s, ensure_ascii=False), "json_twice": json.dumps(json.dumps(s)),',
        '  "quote": urllib.parse.quote(s), "quote_plus": urllib.parse.quote_plus(s), "quote_all": urllib.parse.quote(s, safe=""),',
        '  "hex": b.hex(), "HEX": b.hex().upper(),',
        '  "b64_0": base64.b64encode(b).decode(), "b64_1": base64.b64encode(b"x" + b).decode(), "b64_2": base64.b64encode(b"xy" + b).decode(),',
        '  "b64url_0": base64.urlsafe_b64encode(b).decode(), "b64url_1": base64.urlsafe_b64encode(b"x" + b).decode(), "b64url_2": base64.urlsafe_b64encode(b"xy" + b).decode(),',
        '  "b64_composite": base64.b64encode(os.environ["DB_URL"].encode()).decode(),',
        '  "password_from_url": os.environ["DB_URL"].split("//u:", 1)[1].rsplit("@db", 1)[0],',
        '}',
        'for k, v in out.items(): print(f"{k}={v}", flush=True)',
        '# One character at a time, each its own write: every chunk boundary falls inside the secret.',
        'sys.stdout.write("split=")',
        'for c in s:',
        '    sys.stdout.write(c); sys.stdout.flush(); time.sleep(0.003)',
        'sys.stdout.write("\\n"); sys.stdout.flush()',
        'sys.stderr.write("err=" + base64.b64encode(b).decode()[:9]); sys.stderr.flush(); time.sleep(0.05)',
        'sys.stderr.write(base64.b64encode(b).decode()[9:] + "\\n"); sys.stderr.flush()',
        'print("db=" + os.environ["DB_URL"])',
      ].join('\n'),
      { PW: ref, DB_URL: `postgres://u:${ref}@db/x` },
    );
    expect(done.status).toBe('succeeded');
    expect(field(text, 'json')).toBe(`"${MASK}"`);
    expect(field(text, 'json_utf8')).toBe(`"${MASK}"`);
    expect(field(text, 'json_twice')).toBe(`"\\"${MASK}\\""`);
    for (const label of ['plain', 'quote', 'quote_plus', 'quote_all', 'hex', 'HEX', 'split', 'password_from_url']) {
      expect(field(text, label), label).toBe(MASK);
    }
    for (const label of ['b64_0', 'b64url_0', 'b64_1', 'b64_2', 'b64url_1', 'b64url_2', 'err']) {
      // One or two characters at the edges also carry the neighbours' bits and stay.
      expect(field(text, label), label).toMatch(new RegExp(`^.{0,3}${MASK.replace(/\*/g, '\\*')}.{0,4}$`));
    }
    // base64 of a composite value: only the secret's part is masked.
    expect(field(text, 'b64_composite')).toMatch(
      new RegExp(
        `^${Buffer.from('postgres://u:').toString('base64').slice(0, 16)}.{0,2}\\*{6}.{0,3}${Buffer.from('@db/x').toString('base64').slice(-6)}$`,
      ),
    );
    // The secret inside a composite value is masked, the rest of the value is kept.
    expect(field(text, 'db')).toBe(`postgres://u:${MASK}@db/x`);
    // The displayed environment shows the references, never the value.
    expect(done.environment_vars).toEqual({ PW: ref, DB_URL: `postgres://u:${ref}@db/x` });
    for (const f of secretForms(S)) expect(text).not.toContain(f);
  });

  it('results are masked on parsed values: quotes and backslashes inside, structure kept', async () => {
    const ref = await secret(S);
    const { done } = await run(
      [
        'import json, os',
        's = os.environ["PW"]',
        'json.dump({"s": s, "nested": [s, {"k": "pre" + s + "post"}], s: 1, "n": 1234}, open(os.environ["VSS_RESULT_FILE"], "w"))',
      ].join('\n'),
      { PW: ref },
    );
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ s: MASK, nested: [MASK, { k: `pre${MASK}post` }], [MASK]: 1, n: 1234 });
  });

  it('a secret that is a substring of other JSON neither corrupts the result nor fails the run', async () => {
    const ref = await secret('123');
    const { done, text } = await run(
      [
        'import json, os',
        'print("id", os.environ["N"], "and 41234")',
        'json.dump({"count": 1234, "id": int(os.environ["N"]), "list": [41235, "x123y"], "q": "\\"\\\\"}, open(os.environ["VSS_RESULT_FILE"], "w"))',
      ].join('\n'),
      { N: ref },
    );
    expect(done.status).toBe('succeeded');
    expect(done.error).toBeNull();
    expect(done.result).toEqual({ count: 1234, id: MASK, list: [41235, `x${MASK}y`], q: '"\\' });
    expect(text).toContain(`id ${MASK} and 4${MASK}4`);
  });

  it('error messages are masked too', async () => {
    const ref = await secret(S);
    const { done, text } = await run('import os\nraise SystemExit("fatal: " + os.environ["PW"])\n', { PW: ref });
    expect(done.status).toBe('failed');
    expect(text).toContain(`fatal: ${MASK}`);
    expect(JSON.stringify(done)).not.toContain(S);
  });
});

describe('after runs, no secret value is left anywhere', () => {
  it('scans every table, every Redis key and the log file', async () => {
    const value = `scan-${randomUUID()}-"\\`;
    const ref = await secret(value);
    const { done } = await run(
      [
        'import base64, json, os, sys',
        's = os.environ["PW"]',
        'print(s); print(base64.b64encode(s.encode()).decode()); print(s.encode().hex(), file=sys.stderr)',
        'json.dump({"v": s}, open(os.environ["VSS_RESULT_FILE"], "w"))',
        'raise SystemExit("bye " + s)',
      ].join('\n'),
      { PW: ref, URL: `https://x/?t={{secret:${ref.slice(9, -2)}}}` },
    );
    expect(done.status).toBe('failed');
    const forms = [value, Buffer.from(value).toString('hex'), ...secretForms(value).filter((f) => f.length >= 12)];

    const tables = await db().execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    expect(tables.rows.length).toBeGreaterThan(10);
    for (const { table_name } of tables.rows) {
      const rows = await db().execute<{ t: string }>(sql`select t::text as t from ${sql.identifier(table_name)} t`);
      const dump = rows.rows.map((r) => r.t).join('\n');
      for (const f of forms) expect(dump.includes(f), `${table_name} holds a form of the secret`).toBe(false);
    }

    const r = redis();
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await r.scan(cursor, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const type = await r.type(key);
      const content =
        type === 'string'
          ? await r.get(key)
          : type === 'hash'
            ? JSON.stringify(await r.hgetall(key))
            : type === 'list'
              ? JSON.stringify(await r.lrange(key, 0, -1))
              : type === 'set'
                ? JSON.stringify(await r.smembers(key))
                : type === 'zset'
                  ? JSON.stringify(await r.zrange(key, '0', '-1', 'WITHSCORES'))
                  : type === 'stream'
                    ? JSON.stringify(await r.xrange(key, '-', '+'))
                    : '';
      for (const f of forms) expect((content ?? '').includes(f), `redis ${key} holds a form of the secret`).toBe(false);
      expect(key.includes(value)).toBe(false);
    }

    logger().flush();
    await new Promise((res) => setTimeout(res, 300));
    expect(existsSync(LOG_FILE)).toBe(true);
    const log = readFileSync(LOG_FILE, 'utf8');
    expect(log.length).toBeGreaterThan(0);
    for (const f of forms) expect(log.includes(f)).toBe(false);
  });
});
