import { beforeAll, describe, expect, it } from 'vitest';
import { baseUrl } from '../support/browser';
import { createKey } from '../support/api-key';
import { openApiValidator } from './openapi-validator';

let editor: string;
let viewer: string;
let validate: Awaited<ReturnType<typeof openApiValidator>>;

const call = (method: string, path: string, opts: { key?: string | null; body?: unknown } = {}) =>
  fetch(`${baseUrl()}${path}`, {
    method,
    headers: {
      ...(opts.key === null ? {} : { 'X-API-Key': opts.key ?? editor }),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });

async function expectError(res: Response, status: number, code: string, field?: string) {
  expect(res.status).toBe(status);
  const body = await res.json();
  expect(body).toMatchObject({ error: { code, message: expect.any(String), details: expect.any(Array) } });
  if (field) expect(body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  return body;
}

beforeAll(async () => {
  editor = await createKey('editor', `stats-editor-${Date.now()}`);
  viewer = await createKey('viewer', `stats-viewer-${Date.now()}`);
  validate = await openApiValidator(baseUrl());
});

describe('REST v1 statistics: every operation answers as the OpenAPI document says', () => {
  it('answers the overview and a script statistics after real runs', async () => {
    const script = await (
      await call('POST', '/api/v1/scripts/', {
        body: { name: `stats ${Date.now()}`, content: 'echo ok', language: 'bash' },
      })
    ).json();
    const failing = await (
      await call('POST', '/api/v1/scripts/', {
        body: { name: `stats fail ${Date.now()}`, content: 'exit 2', language: 'bash' },
      })
    ).json();
    for (const id of [script.id, script.id, failing.id]) {
      const run = await (await call('POST', `/api/v1/scripts/${id}/execute`, { body: { wait: true } })).json();
      expect(['succeeded', 'failed']).toContain(run.status);
    }

    // The rollup is written right after the final status: poll rather than assume the order.
    let stats:
      | {
          counts: Record<string, number>;
          total: number;
          recent: { status: string }[];
          duration_ms: { p95: number | null };
        }
      | undefined;
    await expect
      .poll(
        async () => {
          const res = await call('GET', `/api/v1/scripts/${script.id}/statistics?recent_limit=5`, { key: viewer });
          expect(res.status).toBe(200);
          stats = await res.json();
          return stats!.counts.succeeded;
        },
        { timeout: 15_000 },
      )
      .toBe(2);
    validate('get', '/api/v1/scripts/{id}/statistics', 200, stats);
    expect(stats!.total).toBe(2);
    expect(stats!.recent.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(stats!.duration_ms.p95).toBeGreaterThan(0);

    let overview:
      | {
          executions: { total: number };
          top_failing: { script_id: string }[];
          most_run: unknown[];
          workers_connected: number;
        }
      | undefined;
    await expect
      .poll(
        async () => {
          const res = await call('GET', '/api/v1/scripts/statistics/overview?time_zone=Asia%2FShanghai');
          expect(res.status).toBe(200);
          overview = await res.json();
          return overview!.top_failing.map((f) => f.script_id);
        },
        { timeout: 15_000 },
      )
      .toContain(failing.id);
    validate('get', '/api/v1/scripts/statistics/overview', 200, overview);
    expect(overview!.executions.total).toBeGreaterThanOrEqual(3);
    expect(overview!.workers_connected).toBeGreaterThanOrEqual(1);

    const documented = Object.entries(validate.doc.paths)
      .filter(([p]) => p.includes('/statistics'))
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect([...validate.covered].filter((c) => c.includes('/statistics')).sort()).toEqual(documented.sort());
    expect(documented.sort()).toEqual([
      'get /api/v1/scripts/statistics/overview',
      'get /api/v1/scripts/{id}/statistics',
    ]);
  });

  it('refuses bad input with the field named, unknown scripts with 404, and missing keys with 401', async () => {
    await expectError(
      await call('GET', '/api/v1/scripts/statistics/overview?time_zone=Nowhere%2FAtAll'),
      400,
      'VALIDATION_ERROR',
      'query.time_zone',
    );
    await expectError(await call('GET', '/api/v1/scripts/not-a-uuid/statistics'), 400, 'VALIDATION_ERROR', 'path.id');
    await expectError(
      await call('GET', '/api/v1/scripts/6d1f4b0e-0000-4000-8000-000000000000/statistics'),
      404,
      'NOT_FOUND',
    );
    const script = await (
      await call('POST', '/api/v1/scripts/', {
        body: { name: `stats bad ${Date.now()}`, content: 'echo', language: 'bash' },
      })
    ).json();
    await expectError(
      await call('GET', `/api/v1/scripts/${script.id}/statistics?recent_limit=1000`),
      400,
      'VALIDATION_ERROR',
      'query.recent_limit',
    );
    await expectError(await call('GET', '/api/v1/scripts/statistics/overview', { key: null }), 401, 'UNAUTHORIZED');
  });

  it('exposes Prometheus metrics of the web process, including REST request durations', async () => {
    await call('GET', '/api/v1/scripts/statistics/overview');
    const res = await fetch(`${baseUrl()}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(
      /vss_http_request_duration_seconds_count\{[^}]*surface="rest"[^}]*route="\/api\/v1\/scripts\/statistics\/overview"[^}]*\} [1-9]/,
    );
    expect(text).toMatch(/vss_workers_connected [1-9]/);
    expect(text).toContain('# TYPE vss_executions_started_total counter');
    expect(text).toContain('# TYPE vss_queue_depth gauge');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });
});
