/**
 * Hostile requests generated from the OpenAPI document: every operation, with wrong types,
 * missing and extra fields, huge and deeply nested bodies, NUL and lone surrogates, invalid UUIDs,
 * path traversal, wrong content types, missing and invalid keys. Asserts that nothing answers 5xx
 * and that no refused request (4xx) changed a row in any table.
 *
 * `npm test` runs FUZZ_COUNT (default 600) requests; `npm run fuzz` runs 10,000 and prints the
 * counts by status. FUZZ_SEED reproduces a run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { closeDb, db } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import type { Actor } from '@/server/auth/actor';
import { createApiKey } from '@/server/apikeys/create-api-key';
import { resetEnvCache } from '@/server/env';
import { executeScript } from '@/server/executions/execute-script';
import { scriptFor } from '@/server/executions/tests/engine-harness';
import { dispatchRest } from '@/server/rest/dispatch';
import { openApiDocument } from '@/server/rest/openapi';
import { createSchedule } from '@/server/schedules/create-schedule';
import { createTemplate } from '@/server/templates/create-template';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { createTrigger } from '@/server/triggers/create-trigger';
import { createWorkflow } from '@/server/workflows/create-workflow';

// The per-key rate limit would turn most of a long run into 429s; it has its own tests.
process.env.API_RATE_LIMIT_PER_MINUTE = '0';
process.env.WEBHOOK_RATE_LIMIT_PER_MINUTE = '0';
process.env.API_KEY_FREE_FAILURES_PER_ADDRESS = '100000';
process.env.API_MAX_BODY_BYTES = String(256 * 1024);
resetEnvCache();

const COUNT = Number(process.env.FUZZ_COUNT ?? 600);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

// ---- a small seeded PRNG, so a failing run can be repeated with FUZZ_SEED
let state = SEED >>> 0 || 1;
const rand = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const chance = (p: number) => rand() < p;

type Schema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  const?: unknown;
  format?: string;
  additionalProperties?: Schema | boolean;
};
interface Operation {
  method: string;
  path: string;
  params: { name: string; in: 'path' | 'query'; schema: Schema }[];
  body?: Schema;
  public: boolean;
}

const HUGE = 'x'.repeat(300 * 1024); // past API_MAX_BODY_BYTES once in a body
const hostileStrings = [
  'a\u0000b',
  '\u0000',
  'x\ud800y',
  '\udfff',
  '../../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '/etc/passwd\u0000.png',
  "' OR 1=1 --",
  '"; drop table scripts; --',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '\u202egnp.exe',
  '😀'.repeat(50),
  '',
  ' ',
  'x'.repeat(5000),
  'é'.repeat(300),
  '*'.repeat(200),
  '(a+)+$',
  'null',
  'NaN',
  '-1',
  '1e309',
];
/** What PostgreSQL cannot store: drawn half of the time a hostile string is wanted. */
const unstorable = ['a\u0000b', '\u0000', 'x\ud800y', '\udfff', 'ok\u0000'];
const hostileString = () => (chance(0.5) ? pick(unstorable) : pick(hostileStrings));
const hostileValues: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  [],
  {},
  [null],
  { a: { b: { c: [] } } },
  'string',
  ...hostileStrings,
];
const invalidIds = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  '..',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%E0%A4%A',
  '%',
  'x'.repeat(3000),
  '1 OR 1=1',
  '%2e%2e',
  'whk_',
  `whk_${'A'.repeat(43)}`,
];

function operations(): Operation[] {
  const doc = openApiDocument('/');
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods as Record<string, Record<string, unknown>>)) {
      const body = (op.requestBody as { content: { 'application/json': { schema: Schema } } } | undefined)?.content[
        'application/json'
      ].schema;
      ops.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters as Operation['params']) ?? [],
        body,
        public: Array.isArray(op.security) && op.security.length === 0,
      });
    }
  }
  return ops;
}

/** A plausible value for a schema (it may still be refused: ids that do not exist, rules across fields). */
function valueFor(s: Schema | undefined, depth = 0, name = ''): unknown {
  if (!s || depth > 6) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum) return pick(s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return valueFor(pick(alts), depth + 1, name);
  const type = Array.isArray(s.type) ? pick(s.type) : s.type;
  switch (type) {
    case 'string':
      if (s.format === 'uuid') return pick(fixtureIds);
      if (s.format === 'date-time') return new Date().toISOString();
      return pick(['camera gate', 'fuzz', 'x', uniqueName('fuzz')]);
    case 'integer':
      return pick([1, 2, 10, 60]);
    case 'number':
      return pick([0, 1, 2.5]);
    case 'boolean':
      return name === 'wait' ? false : chance(0.5); // wait=true would hold the request until a run ends
    case 'array':
      return chance(0.5) ? [] : [valueFor(s.items, depth + 1)];
    case 'null':
      return null;
    case 'object':
    default: {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {}))
        if ((s.required ?? []).includes(k) || chance(0.5)) out[k] = valueFor(v, depth + 1, k);
      return out;
    }
  }
}

function wrongType(s: Schema | undefined): unknown {
  const type = Array.isArray(s?.type) ? s!.type[0] : s?.type;
  const candidates = hostileValues.filter((v) => {
    if (type === 'string') return typeof v !== 'string';
    if (type === 'integer' || type === 'number') return typeof v !== 'number';
    if (type === 'boolean') return typeof v !== 'boolean';
    if (type === 'array') return !Array.isArray(v);
    if (type === 'object') return v === null || typeof v !== 'object' || Array.isArray(v);
    return true;
  });
  return pick(candidates.length ? candidates : hostileValues);
}

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

let fixtureIds: string[] = [];
let adminKey = '';
let viewerKey = '';

interface Generated {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function generate(op: Operation): Generated {
  const kinds = [
    'valid',
    'missing-field',
    'wrong-type',
    'extra-field',
    'hostile-string',
    'huge',
    'deep',
    'content-type',
    'invalid-json',
    'not-object',
    'query',
    'path',
    'auth',
    'method',
  ] as const;
  const kind = pick(kinds);
  let path = op.path;
  for (const p of op.params.filter((x) => x.in === 'path')) {
    const v =
      kind === 'path' && chance(0.8)
        ? pick(invalidIds)
        : p.name === 'token'
          ? `whk_${'B'.repeat(43)}`
          : encodeURIComponent(pick(fixtureIds));
    path = path.replace(`{${p.name}}`, v);
  }
  const query = new URLSearchParams();
  for (const p of op.params.filter((x) => x.in === 'query')) {
    if (kind === 'query' && chance(0.6))
      query.set(
        p.name,
        chance(0.7) ? hostileString() : pick(['-5', '99999999999999999999', 'true', '[object Object]', '%00']),
      );
    else if (chance(0.3)) query.set(p.name, String(valueFor(p.schema)));
  }
  if (kind === 'query') query.set(pick(['extra', '__proto__', 'constructor', 'search']), pick(hostileStrings));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (!op.public) headers.authorization = `Bearer ${adminKey}`;
  if (kind === 'auth') {
    const a = pick(['none', 'invalid', 'viewer', 'malformed', 'x-api-key'] as const);
    if (a === 'none') delete headers.authorization;
    if (a === 'invalid') headers.authorization = `Bearer vss_${'0'.repeat(12)}_${'z'.repeat(32)}`;
    if (a === 'viewer') headers.authorization = `Bearer ${viewerKey}`;
    if (a === 'malformed')
      headers.authorization = pick(['Bearer', 'Basic YWRtaW46YWRtaW4=', `Bearer ${'x'.repeat(5000)}`, 'Bearer \u00e9']);
    if (a === 'x-api-key') {
      delete headers.authorization;
      headers['x-api-key'] = pick(['', 'nope', viewerKey]);
    }
  }
  let body: string | undefined;
  if (op.body || op.method === 'POST' || op.method === 'PUT') {
    const base = (op.body ? valueFor(op.body) : {}) as Record<string, unknown>;
    const fields = Object.keys(op.body?.properties ?? {});
    const stringFields = fields.filter((f) => op.body?.properties?.[f]?.type === 'string');
    const field =
      kind === 'hostile-string' && stringFields.length ? pick(stringFields) : fields.length ? pick(fields) : 'name';
    switch (kind) {
      case 'missing-field':
        if (op.body?.required?.length) delete base[pick(op.body.required)];
        break;
      case 'wrong-type':
        base[field] = wrongType(op.body?.properties?.[field]);
        break;
      case 'extra-field':
        base[pick(['extra', 'id', 'owner_id', 'created_at', 'is_admin'])] = pick(hostileValues);
        break;
      case 'hostile-string':
        base[field] = hostileString();
        if (chance(0.3)) base[pick(['a\u0000', 'k\ud800'])] = 1; // a hostile key
        break;
    }
    body = JSON.stringify(base);
    if (kind === 'huge') body = JSON.stringify({ ...base, [field]: HUGE });
    if (kind === 'deep')
      body = pick([
        deep(5000),
        deep(200_000),
        deepObject(3000),
        JSON.stringify({ ...base, [field]: JSON.parse(deep(400)) }),
      ]);
    if (kind === 'invalid-json')
      body = pick([
        '{',
        '{"a":}',
        'nul',
        '\u0000',
        '{"a":"\\u0000"',
        "{'a':1}",
        '[1,]',
        '{"__proto__":{"admin":true}}',
      ]);
    if (kind === 'not-object') body = pick(['[]', '"string"', '42', 'null', 'true', '[{"name":"x"}]']);
    if (kind === 'content-type')
      headers['content-type'] = pick([
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        '',
      ]);
  }
  let method = op.method;
  if (kind === 'method') method = pick(['GET', 'POST', 'PUT', 'DELETE'].filter((m) => m !== op.method));
  const qs = query.toString();
  return {
    label: `${kind} ${op.method} ${op.path}`,
    method,
    path: `${path}${qs ? `?${qs}` : ''}`,
    headers,
    body: method === 'GET' ? undefined : body,
  };
}

let snapshotSql: ReturnType<typeof sql.raw>;
/** Row counts and latest updated_at of every table: any write by a request changes it. */
async function snapshot(): Promise<string> {
  const r = await db().execute(snapshotSql);
  return JSON.stringify(r.rows[0]);
}

let admin: Actor & { type: 'user' };

/**
 * The fuzz gets a database of its own on the test server: other test files write to the shared
 * one in parallel, which would look like writes by refused requests.
 */
async function ownDatabase(): Promise<string> {
  const base = new URL(process.env.DATABASE_URL!);
  const name = `fuzz_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`create database "${name}"`); // a generated identifier, not input
  await admin.end();
  base.pathname = `/${name}`;
  await runMigrations(base.toString());
  return base.toString();
}

beforeAll(async () => {
  await closeDb();
  process.env.DATABASE_URL = await ownDatabase();
  resetEnvCache();
  admin = await createTestActor('admin');
  adminKey = (await createApiKey({ actor: admin, input: { name: 'fuzz admin', role: 'admin' } })).key;
  viewerKey = (await createApiKey({ actor: admin, input: { name: 'fuzz viewer', role: 'viewer' } })).key;
  const script = await scriptFor(admin, 'echo fuzz', 'bash', { status: 'active' });
  const template = await createTemplate({
    actor: admin,
    input: {
      name: uniqueName('fuzz tpl'),
      language: 'bash',
      content: 'echo {{p}}',
      parameters: [{ name: 'p', type: 'string' }],
    },
  });
  const trigger = await createTrigger({
    actor: admin,
    input: { name: uniqueName('fuzz trig'), event_pattern: 'fuzz.*', target_type: 'script', target_id: script.id },
  });
  const schedule = await createSchedule({
    actor: admin,
    input: {
      name: uniqueName('fuzz sch'),
      target_type: 'script',
      target_id: script.id,
      cron_expression: '0 3 * * *',
      enabled: false,
      overlap_policy: 'skip',
    } as never,
  });
  const workflow = await createWorkflow({ actor: admin, input: { name: uniqueName('fuzz wf') } });
  const run = await executeScript({ actor: admin, input: { id: script.id }, trigger: 'manual' });
  fixtureIds = [
    script.id,
    template.id,
    trigger.id,
    schedule.id,
    workflow.id,
    run.id,
    '7d3f4c1e-0000-4000-8000-000000000000',
  ];

  const tables = (
    await db().execute(sql`select table_name, bool_or(column_name = 'updated_at') as has_updated
    from information_schema.columns where table_schema = 'public' group by table_name order by table_name`)
  ).rows as { table_name: string; has_updated: boolean }[];
  // Identifiers from the catalog, not from input: quoted and joined into one statement.
  const parts = tables.map(
    (t) =>
      `(select ${t.has_updated ? `count(*)::text || '@' || coalesce(max(updated_at)::text, '')` : 'count(*)::text'} from "${t.table_name.replaceAll('"', '""')}") as "${t.table_name.replaceAll('"', '""')}"`,
  );
  snapshotSql = sql.raw(`select ${parts.join(', ')}`);
});

const counts = new Map<number, number>();
afterAll(() => {
  const summary = [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([s, n]) => `${s}: ${n}`)
    .join(', ');
  console.log(`fuzz seed ${SEED}: ${COUNT} requests; by status: ${summary}`);
});

describe('OpenAPI-driven fuzzing of REST v1', () => {
  it(
    `answers ${COUNT} hostile requests without a 5xx, and refused ones write nothing`,
    { timeout: Math.max(120_000, COUNT * 200) },
    async () => {
      const ops = operations();
      expect(ops.length).toBeGreaterThan(40);
      const failures: string[] = [];
      let before = await snapshot();
      for (let i = 0; i < COUNT; i++) {
        // Every operation first, then random ones.
        const g = generate(i < ops.length ? ops[i]! : pick(ops));
        let res: Response;
        try {
          res = await dispatchRest(
            new Request(`http://localhost${g.path}`, { method: g.method, headers: g.headers, body: g.body }),
            g.path.split('?')[0]!,
          );
        } catch (err) {
          failures.push(`${g.label} (${g.method} ${g.path.slice(0, 120)}): threw ${(err as Error).message}`);
          continue;
        }
        counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
        const text = res.headers.get('content-type')?.includes('event-stream')
          ? (await res.body?.cancel(), '')
          : await res.text();
        const after = await snapshot();
        if (res.status >= 500)
          failures.push(
            `${g.label}: ${res.status} ${text.slice(0, 200)} (${g.method} ${g.path.slice(0, 120)} body ${String(g.body).slice(0, 120)})`,
          );
        else if (res.status >= 400 && after !== before)
          failures.push(
            `${g.label}: ${res.status} but the database changed (${g.method} ${g.path.slice(0, 120)} body ${String(g.body).slice(0, 120)})`,
          );
        before = after;
        if (failures.length > 20) break;
      }
      expect(failures, `seed ${SEED}`).toEqual([]);
      expect(counts.get(400) ?? 0).toBeGreaterThan(0);
    },
  );
});
