import { beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { baseUrl } from '../support/browser';
import { createKey } from '../support/api-key';
import { openApiValidator } from './openapi-validator';
import { expectError, restClient } from './rest-client';

let editor: string;
let viewer: string;
let validate: Awaited<ReturnType<typeof openApiValidator>>;

const call = restClient(() => editor);

const mine = [
  'post /api/v1/schedules/',
  'get /api/v1/schedules/',
  'get /api/v1/schedules/preview',
  'get /api/v1/schedules/{id}',
  'put /api/v1/schedules/{id}',
  'delete /api/v1/schedules/{id}',
  'post /api/v1/schedules/{id}/pause',
  'post /api/v1/schedules/{id}/resume',
  'post /api/v1/triggers/',
  'get /api/v1/triggers/',
  'get /api/v1/triggers/{id}',
  'put /api/v1/triggers/{id}',
  'delete /api/v1/triggers/{id}',
  'post /api/v1/triggers/{id}/webhook-token',
  'get /api/v1/triggers/{id}/events',
  'post /api/v1/events',
  'get /api/v1/events',
  'post /api/v1/hooks/{token}',
];

beforeAll(async () => {
  editor = await createKey('editor');
  viewer = await createKey('viewer');
  validate = await openApiValidator(baseUrl());
});

describe('REST v1 schedules, triggers, events, webhooks: contract', () => {
  it('walks every schedules/triggers/events operation and validates each answer against the OpenAPI document', async () => {
    const script = await (
      await call('POST', '/api/v1/scripts/', {
        body: { name: `rest trig ${Date.now()}`, content: 'echo hi', language: 'bash', status: 'active' },
      })
    ).json();

    const created = await call('POST', '/api/v1/schedules/', {
      body: {
        name: 'nightly',
        target_type: 'script',
        target_id: script.id,
        cron_expression: '0 2 * * *',
        timezone: 'Asia/Shanghai',
        input_parameters: { a: 1 },
      },
    });
    expect(created.status).toBe(201);
    const sch = await created.json();
    validate('post', '/api/v1/schedules/', 201, sch);
    expect(sch.next_run_at).toMatch(/T18:00:00\.000Z$/); // 02:00 +08:00
    validate('get', '/api/v1/schedules/', 200, await (await call('GET', '/api/v1/schedules/?page_size=5')).json());
    const preview = await (
      await call(
        'GET',
        `/api/v1/schedules/preview?cron_expression=${encodeURIComponent('0 9 * * *')}&timezone=UTC&count=3`,
      )
    ).json();
    validate('get', '/api/v1/schedules/preview', 200, preview);
    expect(preview.next).toHaveLength(3);
    validate('get', '/api/v1/schedules/{id}', 200, await (await call('GET', `/api/v1/schedules/${sch.id}`)).json());
    const updated = await (
      await call('PUT', `/api/v1/schedules/${sch.id}`, { body: { cron_expression: '30 2 * * 1-5' } })
    ).json();
    validate('put', '/api/v1/schedules/{id}', 200, updated);
    expect(updated.cron_expression).toBe('30 2 * * 1-5');
    const paused = await (await call('POST', `/api/v1/schedules/${sch.id}/pause`)).json();
    validate('post', '/api/v1/schedules/{id}/pause', 200, paused);
    expect(paused).toMatchObject({ enabled: false, next_run_at: null });
    const resumed = await (await call('POST', `/api/v1/schedules/${sch.id}/resume`)).json();
    validate('post', '/api/v1/schedules/{id}/resume', 200, resumed);
    expect(resumed.enabled).toBe(true);
    validate(
      'delete',
      '/api/v1/schedules/{id}',
      200,
      await (await call('DELETE', `/api/v1/schedules/${sch.id}`)).json(),
    );

    const ns = `rest${Date.now()}`;
    const trig = await call('POST', '/api/v1/triggers/', {
      body: {
        name: 'alarm',
        event_pattern: `${ns}.camera.*`,
        filter: 'payload.camera_id == 3',
        target_type: 'script',
        target_id: script.id,
        webhook_enabled: true,
        webhook_secret: 'rest-secret-123',
      },
    });
    expect(trig.status).toBe(201);
    const tr = await trig.json();
    validate('post', '/api/v1/triggers/', 201, tr);
    expect(tr.webhook_token).toMatch(/^whk_/);
    validate('get', '/api/v1/triggers/', 200, await (await call('GET', '/api/v1/triggers/')).json());
    const got = await (await call('GET', `/api/v1/triggers/${tr.id}`)).json();
    validate('get', '/api/v1/triggers/{id}', 200, got);
    expect(got).not.toHaveProperty('webhook_token');
    validate(
      'put',
      '/api/v1/triggers/{id}',
      200,
      await (await call('PUT', `/api/v1/triggers/${tr.id}`, { body: { description: 'snapshots' } })).json(),
    );
    const regenerated = await (await call('POST', `/api/v1/triggers/${tr.id}/webhook-token`)).json();
    validate('post', '/api/v1/triggers/{id}/webhook-token', 200, regenerated);
    expect(regenerated.webhook_token).not.toBe(tr.webhook_token);

    const published = await call('POST', '/api/v1/events', {
      body: { type: `${ns}.camera.alarm`, source: 'nvr', payload: { camera_id: 3, kind: 'intrusion' } },
    });
    expect(published.status).toBe(202);
    const ev = await published.json();
    validate('post', '/api/v1/events', 202, ev);
    expect(ev.executions).toHaveLength(1);
    const unmatched = await (
      await call('POST', '/api/v1/events', { body: { type: `${ns}.door.open`, payload: {} } })
    ).json();
    expect(unmatched.executions).toEqual([]);
    validate('get', '/api/v1/events', 200, await (await call('GET', `/api/v1/events?type=${ns}.door.open`)).json());

    const body = JSON.stringify({ camera_id: 3 });
    const ts = String(Math.floor(Date.now() / 1000));
    const hook = await fetch(`${baseUrl()}${regenerated.webhook_path}`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'X-Signature-Timestamp': ts,
        'X-Signature': `sha256=${createHmac('sha256', 'rest-secret-123').update(`${ts}.${body}`).digest('hex')}`,
      },
    });
    expect(hook.status).toBe(202);
    const delivered = await hook.json();
    validate('post', '/api/v1/hooks/{token}', 202, delivered);
    expect(delivered.executions).toHaveLength(1);

    const events = await (await call('GET', `/api/v1/triggers/${tr.id}/events`)).json();
    validate('get', '/api/v1/triggers/{id}/events', 200, events);
    expect(events.items.map((e: { id: string }) => e.id)).toEqual([delivered.event_id, ev.event_id]);
    const run = await (await call('GET', `/api/v1/scripts/executions/${delivered.executions[0].id}`)).json();
    expect(run).toMatchObject({ trigger_type: 'webhook', trigger_ref: delivered.event_id });

    validate('delete', '/api/v1/triggers/{id}', 200, await (await call('DELETE', `/api/v1/triggers/${tr.id}`)).json());
    // The webhook operation is documented without security: it needs no API key.
    expect(
      (validate.doc.paths['/api/v1/hooks/{token}'] as Record<string, { security?: unknown[] }>).post!.security,
    ).toEqual([]);
    for (const op of mine) expect(validate.covered, op).toContain(op);
  });
});

describe('REST v1 schedules, triggers, events, webhooks: bad input', () => {
  it('answers 4xx with field names, never 5xx', async () => {
    const script = await (
      await call('POST', '/api/v1/scripts/', {
        body: { name: `rest bad ${Date.now()}`, content: 'echo hi', language: 'bash', status: 'active' },
      })
    ).json();
    const base = { name: 'x', target_type: 'script', target_id: script.id, cron_expression: '0 9 * * *' };
    const bad = await expectError(
      await call('POST', '/api/v1/schedules/', { body: { ...base, cron_expression: '61 * * * *' } }),
      400,
      'VALIDATION_ERROR',
      'cron_expression',
    );
    expect(bad.error.message).toMatch(/^cron_expression: minute field "61"/);
    await expectError(
      await call('POST', '/api/v1/schedules/', { body: { ...base, timezone: 'Nowhere/Land' } }),
      400,
      'VALIDATION_ERROR',
      'timezone',
    );
    await expectError(
      await call('POST', '/api/v1/schedules/', { body: { ...base, target_type: 'workflow' } }),
      422,
      'UNPROCESSABLE',
      'target_id',
    );
    await expectError(await call('POST', '/api/v1/schedules/', { key: viewer, body: base }), 403, 'FORBIDDEN');
    await expectError(
      await call('GET', '/api/v1/schedules/preview?cron_expression=x'),
      400,
      'VALIDATION_ERROR',
      'query.cron_expression',
    );
    await expectError(await call('GET', '/api/v1/schedules/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    await expectError(
      await call('POST', '/api/v1/schedules/00000000-0000-4000-8000-000000000000/pause'),
      404,
      'NOT_FOUND',
    );
    await expectError(
      await call('POST', '/api/v1/triggers/', {
        body: { name: 'x', event_pattern: 'a.*', filter: 'payload.(', target_type: 'script', target_id: script.id },
      }),
      400,
      'VALIDATION_ERROR',
      'filter',
    );
    await expectError(await call('POST', '/api/v1/events', { key: null, body: { type: 'a.b' } }), 401, 'UNAUTHORIZED');
    await expectError(await call('POST', '/api/v1/events', { key: viewer, body: { type: 'a.b' } }), 403, 'FORBIDDEN');
    await expectError(
      await call('POST', '/api/v1/events', { body: { type: 'not valid!' } }),
      400,
      'VALIDATION_ERROR',
      'type',
    );
    // Unknown token and a garbage token: the same 404, with or without an API key.
    const a = await expectError(
      await call('POST', `/api/v1/hooks/whk_${'x'.repeat(43)}`, { key: null, body: {} }),
      404,
      'NOT_FOUND',
    );
    const b = await expectError(
      await call('POST', '/api/v1/hooks/nope', { key: null, raw: 'not json' }),
      404,
      'NOT_FOUND',
    );
    expect(a).toEqual(b);
  });
});
