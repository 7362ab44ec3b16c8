/**
 * Channels against real receivers (tests/receivers.ts): each robot's documented body and
 * signature, our own webhook scheme, and a real SMTP server with STARTTLS and authentication.
 * Also: credentials never leave through the API or the audit log, and receivers that refuse,
 * redirect or stall are reported, not followed or waited on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { alertChannels, auditLogs } from '@/db/schema';
import { createApiKey } from '@/server/apikeys/create-api-key';
import type { Actor } from '@/server/auth/actor';
import { dispatchRest } from '@/server/rest/dispatch';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { createAlertChannel } from '../create-alert-channel';
import { postJson } from '../post-json';
import { testAlertChannel } from '../test-alert-channel';
import { updateAlertChannel } from '../update-alert-channel';
import {
  decodeQuotedPrintable,
  dingtalkReceiver,
  feishuReceiver,
  smtpReceiver,
  webhookReceiver,
  wecomReceiver,
  type Receiver,
} from './receivers';

let admin: Actor & { type: 'user' };
let editor: Actor & { type: 'user' };
let adminKey: string;
const closers: Array<() => Promise<void>> = [];

const DING_TOKEN = 'dingTokenAbc123456789xyz';
const DING_SECRET = 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab';
const WECOM_KEY = '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';
const FEISHU_TOKEN = 'b4f1c2d3-1234-4e5f-8a9b-c0d1e2f3a4b5';
const FEISHU_SECRET = 'feishuSecretQWERTYuiop1234';
const HOOK_SECRET = 'webhook-signing-secret-42';

async function rest(method: string, path: string, body?: unknown, key = adminKey) {
  const res = await dispatchRest(
    new Request(`http://localhost${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    path,
  );
  return { status: res.status, text: await res.text() };
}

async function track<T extends { close(): Promise<void> }>(r: Promise<T>): Promise<T> {
  const x = await r;
  closers.push(() => x.close());
  return x;
}

beforeAll(async () => {
  admin = await createTestActor('admin');
  editor = await createTestActor('editor');
  adminKey = (await createApiKey({ actor: admin, input: { name: 'alerts admin', role: 'admin' } })).key;
});

afterAll(async () => {
  for (const c of closers) await c();
});

describe('robot channels, each against a receiver that checks it as the service documents', () => {
  it('DingTalk: markdown body, timestamp + sign query parameters verified, answer errcode 0', async () => {
    const recv = await track(dingtalkReceiver(DING_TOKEN, DING_SECRET));
    const url = `${recv.url}?access_token=${DING_TOKEN}`;
    const created = await rest('POST', '/api/v1/alerts/channels/', {
      name: uniqueName('ding'),
      type: 'dingtalk',
      config: { url, secret: DING_SECRET },
    });
    expect(created.status).toBe(201);
    // Neither the token nor the sign key comes back.
    expect(created.text).not.toContain(DING_TOKEN);
    expect(created.text).not.toContain(DING_SECRET);
    const ch = JSON.parse(created.text) as { id: string; config: Record<string, unknown> };
    expect(ch.config).toMatchObject({
      has_secret: true,
      msg_type: 'markdown',
      url: expect.stringContaining('access_token=***'),
    });

    const tested = await rest('POST', `/api/v1/alerts/channels/${ch.id}/test`);
    expect(tested.status).toBe(200);
    expect(JSON.parse(tested.text)).toMatchObject({ ok: true, response_code: 200, error: null });
    expect(recv.received).toHaveLength(1);
    const got = recv.received[0]!;
    expect(got.verdict).toBe('accepted');
    expect(Object.keys(got.body)).toEqual(['msgtype', 'markdown']);
    expect(got.body.msgtype).toBe('markdown');
    const md = got.body.markdown as { title: string; text: string };
    expect(md.title).toBe('[VSS] 测试消息');
    expect(md.text).toContain('这是来自 VSS 脚本编排平台的测试消息');
    expect(Number(got.query.get('timestamp'))).toBeGreaterThan(Date.now() - 60_000);
  });

  it('DingTalk with a wrong sign key: the robot refuses (errcode 310000) and the test says so without the token', async () => {
    const recv = await track(dingtalkReceiver(DING_TOKEN, DING_SECRET));
    const ch = await createAlertChannel({
      actor: admin,
      input: {
        name: uniqueName('ding-bad'),
        type: 'dingtalk',
        config: { url: `${recv.url}?access_token=${DING_TOKEN}`, secret: 'SECwrong-key-wrong-key' },
      },
    });
    const r = await testAlertChannel({ actor: admin, id: ch.id });
    expect(r.ok).toBe(false);
    expect(r.error).toContain('310000');
    expect(r.error).toContain('sign not match');
    expect(recv.received[0]!.verdict).toBe('bad sign');
  });

  it('WeCom: markdown content to the key URL, answer errcode 0; a wrong key is refused (93000)', async () => {
    const recv = await track(wecomReceiver(WECOM_KEY));
    const ch = await createAlertChannel({
      actor: admin,
      input: { name: uniqueName('wecom'), type: 'wecom', config: { url: `${recv.url}?key=${WECOM_KEY}` } },
    });
    expect(ch.config.url).toBe(`${new URL(recv.url).origin}/cgi-bin/webhook/send?key=***`);
    const r = await testAlertChannel({ actor: admin, id: ch.id, language: 'en' });
    expect(r).toMatchObject({ ok: true, response_code: 200 });
    const got = recv.received[0]!;
    expect(got.verdict).toBe('accepted');
    expect(got.body).toEqual({
      msgtype: 'markdown',
      markdown: { content: expect.stringContaining('### [VSS] test message') },
    });

    const bad = await createAlertChannel({
      actor: admin,
      input: { name: uniqueName('wecom-bad'), type: 'wecom', config: { url: `${recv.url}?key=not-the-key` } },
    });
    const refused = await testAlertChannel({ actor: admin, id: bad.id });
    expect(refused.ok).toBe(false);
    expect(refused.error).toContain('93000');
    expect(refused.error).not.toContain('not-the-key');
  });

  it('Feishu: signed post message (timestamp + sign in the body, key = "timestamp\\nsecret"), answer code 0', async () => {
    const recv = await track(feishuReceiver(FEISHU_TOKEN, FEISHU_SECRET));
    const ch = await createAlertChannel({
      actor: admin,
      input: { name: uniqueName('feishu'), type: 'feishu', config: { url: recv.url, secret: FEISHU_SECRET } },
    });
    expect(ch.config.url).toBe(`${new URL(recv.url).origin}/open-apis/bot/v2/hook/***`);
    const r = await testAlertChannel({ actor: admin, id: ch.id });
    expect(r).toMatchObject({ ok: true, response_code: 200, error: null });
    const got = recv.received[0]!;
    expect(got.verdict).toBe('accepted');
    expect(Object.keys(got.body).sort()).toEqual(['content', 'msg_type', 'sign', 'timestamp']);
    expect(got.body.msg_type).toBe('post');
    expect(got.body.timestamp).toMatch(/^\d{10}$/);
    const post = (
      got.body.content as { post: { zh_cn: { title: string; content: Array<Array<{ tag: string; text: string }>> } } }
    ).post.zh_cn;
    expect(post.title).toBe('[VSS] 测试消息');
    expect(post.content.flat().some((e) => e.tag === 'text' && e.text.includes('测试消息'))).toBe(true);

    // The same channel as a text robot, after a change that leaves the secret out: it is kept.
    await updateAlertChannel({ actor: admin, input: { id: ch.id, patch: { config: { msg_type: 'text' } } } });
    const again = await testAlertChannel({ actor: admin, id: ch.id });
    expect(again.ok).toBe(true);
    expect(recv.received[1]!.body).toMatchObject({
      msg_type: 'text',
      content: { text: expect.stringContaining('[VSS]') },
    });
    expect(recv.received[1]!.verdict).toBe('accepted');
  });

  it('generic webhook: JSON body signed like our own incoming webhooks ("{timestamp}.{body}", X-Signature)', async () => {
    const recv = await track(webhookReceiver(HOOK_SECRET));
    const ch = await createAlertChannel({
      actor: admin,
      input: { name: uniqueName('hook'), type: 'webhook', config: { url: recv.url, secret: HOOK_SECRET } },
    });
    const r = await testAlertChannel({ actor: admin, id: ch.id, language: 'en' });
    expect(r).toMatchObject({ ok: true, response_code: 204 });
    const got = recv.received[0]!;
    expect(got.verdict).toBe('accepted');
    expect(got.headers['x-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(got.body).toMatchObject({
      event: 'test',
      title: '[VSS] test message',
      language: 'en',
      link: '/settings/alerts',
    });

    const wrong = await createAlertChannel({
      actor: admin,
      input: { name: uniqueName('hook-wrong'), type: 'webhook', config: { url: recv.url, secret: 'another-secret' } },
    });
    expect(await testAlertChannel({ actor: admin, id: wrong.id })).toMatchObject({ ok: false, response_code: 401 });
  });
});

describe('e-mail over SMTP', () => {
  it('is delivered to a real SMTP server with STARTTLS and authentication', async () => {
    const smtp = await track(smtpReceiver('alerts@ops.local', 'smtp-pass-123'));
    const ch = await createAlertChannel({
      actor: admin,
      input: {
        name: uniqueName('mail'),
        type: 'email',
        config: {
          host: '127.0.0.1',
          port: smtp.port,
          security: 'starttls',
          username: 'alerts@ops.local',
          password: 'smtp-pass-123',
          from: 'vss@ops.local',
          to: ['oncall@ops.local', 'lead@ops.local'],
          allow_invalid_certificate: true,
        },
      },
    });
    expect(ch.config).toMatchObject({ has_password: true, host: '127.0.0.1' });
    expect(JSON.stringify(ch)).not.toContain('smtp-pass-123');
    const r = await testAlertChannel({ actor: admin, id: ch.id, language: 'en' });
    expect(r).toMatchObject({ ok: true, response_code: 250, error: null });
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.secure).toBe(true); // upgraded by STARTTLS before anything was sent
    expect(mail.user).toBe('alerts@ops.local');
    expect(mail.from).toBe('vss@ops.local');
    expect(mail.to).toEqual(['oncall@ops.local', 'lead@ops.local']);
    expect(mail.raw).toMatch(/^Subject: \[VSS\] test message$/m);
    expect(decodeQuotedPrintable(mail.raw)).toContain('This is a test message from VSS Script Orchestration');
  });

  it('a wrong password is an SMTP authentication error, not a crash', async () => {
    const smtp = await track(smtpReceiver('alerts@ops.local', 'smtp-pass-123'));
    const ch = await createAlertChannel({
      actor: admin,
      input: {
        name: uniqueName('mail-bad'),
        type: 'email',
        config: {
          host: '127.0.0.1',
          port: smtp.port,
          security: 'starttls',
          username: 'alerts@ops.local',
          password: 'wrong-pass',
          from: 'vss@ops.local',
          to: ['oncall@ops.local'],
          allow_invalid_certificate: true,
        },
      },
    });
    const r = await testAlertChannel({ actor: admin, id: ch.id });
    expect(r.ok).toBe(false);
    expect(r.response_code).toBe(535);
    expect(r.error).toContain('EAUTH');
    expect(r.error).not.toContain('wrong-pass');
    expect(smtp.mails).toHaveLength(0);
  });
});

describe('credentials and hostile receivers', () => {
  it('seals the configuration at rest and keeps credentials out of the API and the audit log', async () => {
    const ch = await createAlertChannel({
      actor: admin,
      input: {
        name: uniqueName('sealed'),
        type: 'dingtalk',
        config: { url: `http://127.0.0.1:9/robot/send?access_token=${DING_TOKEN}`, secret: DING_SECRET },
      },
    });
    await updateAlertChannel({ actor: admin, input: { id: ch.id, patch: { config: { secret: `${DING_SECRET}-2` } } } });
    const [row] = await db().select().from(alertChannels).where(eq(alertChannels.id, ch.id));
    expect(row!.configSealed).not.toContain(DING_TOKEN);
    expect(row!.configSealed).not.toContain(DING_SECRET);
    const listed = await rest('GET', '/api/v1/alerts/channels/');
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain(DING_TOKEN);
    expect(listed.text).not.toContain(DING_SECRET);
    const audit = await db().select().from(auditLogs).where(eq(auditLogs.entityId, ch.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['alert_channel.create', 'alert_channel.update']);
    expect(JSON.stringify(audit)).not.toContain(DING_SECRET);
    expect(audit.find((a) => a.action === 'alert_channel.update')!.summary).toContain('configuration changed (secret)');
  });

  it('refuses bad configurations with 400s naming the field, and editors with 403', async () => {
    const bad = await rest('POST', '/api/v1/alerts/channels/', {
      name: 'x',
      type: 'dingtalk',
      config: { url: 'file:///etc/passwd' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error.details[0].field).toBe('config.url');
    const unknownType = await rest('POST', '/api/v1/alerts/channels/', { name: 'x', type: 'slack', config: {} });
    expect(unknownType.status).toBe(400);
    const mail = await rest('POST', '/api/v1/alerts/channels/', {
      name: 'x',
      type: 'email',
      config: { host: 'smtp', port: 25, from: 'a@b', to: [] },
    });
    expect(mail.status).toBe(400);
    expect(JSON.parse(mail.text).error.details[0].field).toBe('config.to');
    await expect(
      createAlertChannel({
        actor: editor,
        input: { name: uniqueName('no'), type: 'wecom', config: { url: 'http://127.0.0.1:9/x?key=k' } },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('does not follow a redirect to another host, and gives up on a receiver that stalls', async () => {
    const elsewhere = await track(webhookReceiver(null));
    const redirecting = http.createServer((_q, s) => s.writeHead(302, { location: elsewhere.url }).end());
    await new Promise<void>((r) => redirecting.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise<void>((r) => redirecting.close(() => r())));
    const ch = await createAlertChannel({
      actor: admin,
      input: {
        name: uniqueName('redirect'),
        type: 'webhook',
        config: { url: `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/x` },
      },
    });
    const r = await testAlertChannel({ actor: admin, id: ch.id });
    expect(r).toMatchObject({ ok: false, response_code: 302, error: 'redirect (302) not followed' });
    expect(elsewhere.received).toHaveLength(0);

    const slow: Receiver = await track(webhookReceiver(null));
    slow.delayMs = 5_000;
    const started = Date.now();
    const stalled = await postJson(slow.url, { a: 1 }, {}, 300);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(stalled).toMatchObject({ ok: false, status: null, error: 'request failed: no answer within 0.3 s' });
  });
});
