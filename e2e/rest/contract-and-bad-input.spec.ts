import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { setTimeout as sleep } from 'node:timers/promises';
import { baseUrl, launchBrowser, trackExternalRequests } from '../support/browser';
import { createKey } from '../support/api-key';
import { openApiValidator } from './openapi-validator';
import { expectError, restClient } from './rest-client';

let editor: string;
let viewer: string;
let validate: Awaited<ReturnType<typeof openApiValidator>>;

const call = restClient(() => editor);

beforeAll(async () => {
  editor = await createKey('editor');
  viewer = await createKey('viewer');
  validate = await openApiValidator(baseUrl());
});

describe('REST v1 contract: every endpoint answers as the OpenAPI document says', () => {
  it('walks every documented operation', async () => {
    const created = await call('POST', '/api/v1/scripts/', {
      body: {
        name: `contract ${Date.now()}`,
        content: 'echo hi',
        language: 'bash',
        tags: ['contract'],
        parameters_schema: { type: 'object' },
      },
    });
    const script = await created.json();
    validate('post', '/api/v1/scripts/', 201, script);

    const list = await call('GET', '/api/v1/scripts/?tag=contract&language=bash&page=1&page_size=5');
    validate('get', '/api/v1/scripts/', 200, await list.json());
    validate('get', '/api/v1/scripts/{id}', 200, await (await call('GET', `/api/v1/scripts/${script.id}`)).json());
    const updated = await (
      await call('PUT', `/api/v1/scripts/${script.id}`, { body: { content: 'echo two', message: 'v2' } })
    ).json();
    validate('put', '/api/v1/scripts/{id}', 200, updated);
    expect(updated.version).toBe(2);
    const grants = await (
      await call('PUT', `/api/v1/scripts/${script.id}/host-resources`, { body: { host_resources: [] } })
    ).json();
    validate('put', '/api/v1/scripts/{id}/host-resources', 200, grants);
    validate(
      'get',
      '/api/v1/scripts/{id}/host-resources',
      200,
      await (await call('GET', `/api/v1/scripts/${script.id}/host-resources`)).json(),
    );
    expect(grants.items).toEqual([]);

    const run = await (await call('POST', `/api/v1/scripts/${script.id}/execute`, { body: { wait: true } })).json();
    validate('post', '/api/v1/scripts/{id}/execute', 202, run);
    expect(run.status).toBe('succeeded');
    validate(
      'get',
      '/api/v1/scripts/{id}/executions',
      200,
      await (await call('GET', `/api/v1/scripts/${script.id}/executions`)).json(),
    );
    validate(
      'get',
      '/api/v1/scripts/executions/',
      200,
      await (await call('GET', '/api/v1/scripts/executions/?status=succeeded&page_size=3')).json(),
    );
    validate(
      'get',
      '/api/v1/scripts/executions/{execution_id}',
      200,
      await (await call('GET', `/api/v1/scripts/executions/${run.id}`)).json(),
    );
    validate(
      'get',
      '/api/v1/scripts/executions/{execution_id}/logs',
      200,
      await (await call('GET', `/api/v1/scripts/executions/${run.id}/logs?after_seq=0`)).json(),
    );

    const slowScript = await (
      await call('POST', '/api/v1/scripts/', {
        body: { name: `slow ${Date.now()}`, content: 'sleep 30', language: 'bash' },
      })
    ).json();
    const slow = await (await call('POST', `/api/v1/scripts/${slowScript.id}/execute`, { body: {} })).json();
    const cancel = await call('POST', `/api/v1/scripts/executions/${slow.id}/cancel`);
    validate('post', '/api/v1/scripts/executions/{execution_id}/cancel', 200, await cancel.json());

    validate(
      'delete',
      '/api/v1/scripts/{id}',
      200,
      await (await call('DELETE', `/api/v1/scripts/${slowScript.id}`)).json(),
    );

    // This file covers the scripts and executions operations; other areas have their own contract specs.
    const documented = Object.entries(validate.doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => ['scripts', 'executions'].includes((op as { tags?: string[] }).tags?.[0] ?? ''))
        .map(([m]) => `${m} ${p}`),
    );
    expect([...validate.covered].sort()).toEqual(documented.sort());
  });

  it('follows a run as server-sent events until it ends', async () => {
    const script = await (
      await call('POST', '/api/v1/scripts/', {
        body: { name: `follow ${Date.now()}`, content: 'echo one; sleep 1; echo two', language: 'bash' },
      })
    ).json();
    const run = await (await call('POST', `/api/v1/scripts/${script.id}/execute`, { body: {} })).json();
    const res = await call('GET', `/api/v1/scripts/executions/${run.id}/logs?follow=true`);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text(); // the stream ends by itself after the final status
    expect(text).toContain('event: logs');
    expect(text).toMatch(/one[\s\S]*two/);
    expect(text).toMatch(/"status":"succeeded"/);
  });
});

describe('REST v1 bad input: always 4xx with the error shape, never 5xx', () => {
  it('authenticates and authorizes', async () => {
    await expectError(await call('GET', '/api/v1/scripts/', { key: null }), 401, 'UNAUTHORIZED');
    await expectError(
      await call('GET', '/api/v1/scripts/', { key: 'vss_000000000000_notarealkeynotarealkey' }),
      401,
      'UNAUTHORIZED',
    );
    await expectError(
      await call('GET', '/api/v1/scripts/', { key: null, headers: { authorization: 'Bearer garbage' } }),
      401,
      'UNAUTHORIZED',
    );
    await expectError(
      await call('POST', '/api/v1/scripts/', { key: viewer, body: { name: 'x', content: 'x', language: 'bash' } }),
      403,
      'FORBIDDEN',
    );
    expect((await call('GET', '/api/v1/scripts/', { key: viewer })).status).toBe(200);
  });

  it('refuses wrong types, missing fields, invalid JSON and huge bodies', async () => {
    await expectError(
      await call('POST', '/api/v1/scripts/', { body: { name: 'x', content: 'x', language: 'ruby' } }),
      400,
      'VALIDATION_ERROR',
      'language',
    );
    await expectError(
      await call('POST', '/api/v1/scripts/', { body: { name: 'x', language: 'bash' } }),
      400,
      'VALIDATION_ERROR',
      'content',
    );
    await expectError(
      await call('POST', '/api/v1/scripts/', { body: { name: 42, content: 'x', language: 'bash' } }),
      400,
      'VALIDATION_ERROR',
      'name',
    );
    await expectError(
      await call('POST', '/api/v1/scripts/', { body: { name: 'x', content: 'x', language: 'bash', timeout: 'soon' } }),
      400,
      'VALIDATION_ERROR',
      'timeout',
    );
    await expectError(await call('POST', '/api/v1/scripts/', { raw: '{"name": "x",' }), 400, 'VALIDATION_ERROR');
    await expectError(await call('POST', '/api/v1/scripts/', { raw: '[1,2,3]' }), 400, 'VALIDATION_ERROR');
    await expectError(
      await call('POST', '/api/v1/scripts/', {
        raw: JSON.stringify({ name: 'big', language: 'bash', content: 'x'.repeat(3 * 1024 * 1024) }),
      }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    await expectError(await call('GET', '/api/v1/scripts/?page=zero'), 400, 'VALIDATION_ERROR', 'query.page');
    await expectError(
      await call('GET', '/api/v1/scripts/?page_size=100000'),
      400,
      'VALIDATION_ERROR',
      'query.page_size',
    );
  });

  it('answers unknown ids, malformed uuids, unknown paths and methods precisely', async () => {
    await expectError(await call('GET', '/api/v1/scripts/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    await expectError(await call('GET', '/api/v1/scripts/not-a-uuid'), 400, 'VALIDATION_ERROR', 'path.id');
    await expectError(
      await call('GET', '/api/v1/scripts/executions/123'),
      400,
      'VALIDATION_ERROR',
      'path.execution_id',
    );
    await expectError(
      await call('POST', '/api/v1/scripts/executions/00000000-0000-4000-8000-000000000000/cancel'),
      404,
      'NOT_FOUND',
    );
    await expectError(
      await call('POST', '/api/v1/scripts/00000000-0000-4000-8000-000000000000/execute', { body: {} }),
      404,
      'NOT_FOUND',
    );
    await expectError(await call('GET', '/api/v1/nothing-here'), 404, 'NOT_FOUND');
    expect((await call('PATCH', '/api/v1/scripts/')).status).toBeGreaterThanOrEqual(400);
    await expectError(await call('DELETE', '/api/v1/scripts/'), 405, 'METHOD_NOT_ALLOWED');
  });

  it('refuses bad execution input with field names', async () => {
    const script = await (
      await call('POST', '/api/v1/scripts/', {
        body: {
          name: `params ${Date.now()}`,
          content: 'true',
          language: 'bash',
          parameters_schema: {
            type: 'object',
            required: ['camera_id'],
            properties: { camera_id: { type: 'integer' } },
          },
        },
      })
    ).json();
    await expectError(
      await call('POST', `/api/v1/scripts/${script.id}/execute`, {
        body: { input_parameters: { camera_id: 'three' } },
      }),
      400,
      'VALIDATION_ERROR',
      'input_parameters.camera_id',
    );
    await expectError(
      await call('POST', `/api/v1/scripts/${script.id}/execute`, { body: { input_parameters: [] } }),
      400,
      'VALIDATION_ERROR',
      'input_parameters',
    );
    await expectError(
      await call('POST', `/api/v1/scripts/${script.id}/execute`, { body: { environment_vars: { 'BAD NAME': 'x' } } }),
      400,
      'VALIDATION_ERROR',
    );
    await expectError(
      await call('POST', `/api/v1/scripts/${script.id}/execute`, { body: { environment_vars: { PATH: '/evil' } } }),
      400,
      'VALIDATION_ERROR',
    );
    await expectError(
      await call('POST', `/api/v1/scripts/${script.id}/execute`, { body: { timeout: 0 } }),
      400,
      'VALIDATION_ERROR',
      'timeout',
    );
    await expectError(
      await call('POST', '/api/v1/scripts/', { body: { name: script.name, content: 'x', language: 'bash' } }),
      409,
      'CONFLICT',
      'name',
    );
  });
});

describe('/docs', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders the interactive documentation offline', async () => {
    const context = await browser.newContext();
    const external = trackExternalRequests(context);
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
    const summaries = await page.locator('.opblock-summary-path').allTextContents();
    expect(summaries.map((s) => s.replace(/\u200b/g, ''))).toEqual(
      expect.arrayContaining(['/api/v1/scripts/', '/api/v1/scripts/{id}/execute']),
    );
    await sleep(500);
    expect(external).toEqual([]);
    await context.close();
  });
});
