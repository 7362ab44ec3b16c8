/**
 * Alerts through REST v1 against the real build: every alerts operation once, its answer validated
 * against the OpenAPI document; credentials never answered; bad input 400 with the field; an
 * editor may not manage channels; a real failing run reaches a robot and the delivery log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dingtalkReceiver, type Receiver } from '@/server/alerts/tests/receivers';
import { baseUrl } from '../support/browser';
import { createKey } from '../support/api-key';
import { openApiValidator } from './openapi-validator';
import { expectError, restClient } from './rest-client';

let admin: string;
let editor: string;
let ding: Receiver;
let validate: Awaited<ReturnType<typeof openApiValidator>>;
const call = restClient(() => admin);
const TOKEN = 'e2eDingToken0123456789';
const SECRET = 'SECe2e0123456789abcdef';

beforeAll(async () => {
  admin = await createKey('admin', `alerts-admin-${Date.now()}`);
  editor = await createKey('editor', `alerts-editor-${Date.now()}`);
  validate = await openApiValidator(baseUrl());
  ding = await dingtalkReceiver(TOKEN, SECRET);
});
afterAll(async () => {
  await ding?.close();
});

describe('alerts REST', () => {
  it('walks every alerts operation with a DingTalk robot and a failing run', async () => {
    const created = await call('POST', '/api/v1/alerts/channels/', {
      body: {
        name: `ding ${Date.now()}`,
        type: 'dingtalk',
        config: { url: `${ding.url}?access_token=${TOKEN}`, secret: SECRET },
      },
    });
    expect(created.status).toBe(201);
    const text = await created.text();
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(SECRET);
    const channel = JSON.parse(text);
    validate('post', '/api/v1/alerts/channels/', 201, channel);
    validate('get', '/api/v1/alerts/channels/', 200, await (await call('GET', '/api/v1/alerts/channels/')).json());
    validate(
      'get',
      '/api/v1/alerts/channels/{id}',
      200,
      await (await call('GET', `/api/v1/alerts/channels/${channel.id}`)).json(),
    );
    const renamed = await (
      await call('PUT', `/api/v1/alerts/channels/${channel.id}`, { body: { name: `${channel.name} (ops)` } })
    ).json();
    validate('put', '/api/v1/alerts/channels/{id}', 200, renamed);
    const tested = await (await call('POST', `/api/v1/alerts/channels/${channel.id}/test?language=en`)).json();
    validate('post', '/api/v1/alerts/channels/{id}/test', 200, tested);
    expect(tested).toMatchObject({ ok: true, response_code: 200 });
    expect(ding.received[0]!.verdict).toBe('accepted');

    const script = await (
      await call('POST', '/api/v1/scripts/', {
        body: { name: `alerted ${Date.now()}`, content: 'echo nope; exit 5', language: 'bash' },
      })
    ).json();
    const rule = await (
      await call('POST', '/api/v1/alerts/rules/', {
        body: {
          name: `rest rule ${Date.now()}`,
          on: ['failed', 'recovered'],
          target: { type: 'script', id: script.id },
          channel_ids: [channel.id],
          throttle_minutes: 5,
          language: 'zh-CN',
        },
      })
    ).json();
    validate('post', '/api/v1/alerts/rules/', 201, rule);
    validate(
      'get',
      '/api/v1/alerts/rules/',
      200,
      await (await call('GET', `/api/v1/alerts/rules/?script_id=${script.id}`)).json(),
    );
    validate(
      'get',
      '/api/v1/alerts/rules/{id}',
      200,
      await (await call('GET', `/api/v1/alerts/rules/${rule.id}`)).json(),
    );
    validate(
      'put',
      '/api/v1/alerts/rules/{id}',
      200,
      await (await call('PUT', `/api/v1/alerts/rules/${rule.id}`, { body: { throttle_minutes: 0 } })).json(),
    );

    const run = await (await call('POST', `/api/v1/scripts/${script.id}/execute`, { body: { wait: true } })).json();
    expect(run.status).toBe('failed');
    await expect.poll(() => ding.received.length, { timeout: 30_000 }).toBe(2);
    expect(ding.received[1]!.verdict).toBe('accepted');
    expect((ding.received[1]!.body.markdown as { title: string }).title).toBe(`[VSS] 脚本 ${script.name} 运行失败`);
    await expect
      .poll(
        async () => (await (await call('GET', `/api/v1/alerts/rules/${rule.id}/deliveries`)).json()).items[0]?.status,
        { timeout: 20_000 },
      )
      .toBe('sent');
    validate(
      'get',
      '/api/v1/alerts/rules/{id}/deliveries',
      200,
      await (await call('GET', `/api/v1/alerts/rules/${rule.id}/deliveries?page=1&page_size=10`)).json(),
    );

    await expectError(await call('DELETE', `/api/v1/alerts/channels/${channel.id}`), 409, 'CONFLICT');
    validate(
      'delete',
      '/api/v1/alerts/rules/{id}',
      200,
      await (await call('DELETE', `/api/v1/alerts/rules/${rule.id}`)).json(),
    );
    validate(
      'delete',
      '/api/v1/alerts/channels/{id}',
      200,
      await (await call('DELETE', `/api/v1/alerts/channels/${channel.id}`)).json(),
    );

    const documented = Object.entries(validate.doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => (op as { tags?: string[] }).tags?.[0] === 'alerts')
        .map(([m]) => `${m} ${p}`),
    );
    expect([...validate.covered].sort()).toEqual(documented.sort());
  });

  it('refuses bad input with the field, and channels to editors', async () => {
    await expectError(
      await call('POST', '/api/v1/alerts/channels/', {
        body: { name: 'x', type: 'feishu', config: { url: 'ftp://x' } },
      }),
      400,
      'VALIDATION_ERROR',
      'config.url',
    );
    await expectError(
      await call('POST', '/api/v1/alerts/rules/', {
        body: { name: 'x', on: ['exploded'], target: { type: 'all' }, channel_ids: [] },
      }),
      400,
      'VALIDATION_ERROR',
      'on.0',
    );
    await expectError(
      await call('POST', '/api/v1/alerts/channels/', {
        key: editor,
        body: { name: 'x', type: 'wecom', config: { url: 'http://127.0.0.1:9/x?key=k' } },
      }),
      403,
      'FORBIDDEN',
    );
    await expectError(await call('GET', '/api/v1/alerts/rules/not-a-uuid'), 400, 'VALIDATION_ERROR', 'path.id');
    await expectError(
      await call('GET', '/api/v1/alerts/rules/00000000-0000-4000-8000-000000000000/deliveries'),
      404,
      'NOT_FOUND',
    );
  });
});
