/**
 * Alerts from real runs: an in-process worker (BullMQ on Redis, bubblewrap, bash) runs a script
 * that fails and then succeeds; messages reach real receivers of every channel type, in the rule's
 * language, with the run's facts. Throttling holds back a script failing every few seconds and
 * summarises it at the window's end; a receiver that is down and slow is retried with backoff and
 * never holds up a run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { alertDeliveries, alertThrottles } from '@/db/schema';
import { createApiKey } from '@/server/apikeys/create-api-key';
import type { Actor } from '@/server/auth/actor';
import { resetEnvCache } from '@/server/env';
import { executeScript } from '@/server/executions/execute-script';
import { scriptFor, waitForStatus } from '@/server/executions/tests/engine-harness';
import { alertQueue } from '@/server/queue/alert-queue';
import { dispatchRest } from '@/server/rest/dispatch';
import { upsertSecret } from '@/server/secrets/upsert-secret';
import { MASK } from '@/server/secrets/secret-masker';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { startTestWorker, type WorkerRuntime } from '@/server/test/worker-harness';
import { startWorkflowRun } from '@/server/workflows/start-workflow-run';
import { activeScript, chain, n, waitForRun, workflowOf } from '@/server/workflows/tests/workflow-harness';
import { createAlertChannel } from '../create-alert-channel';
import { createAlertRule } from '../create-alert-rule';
import { forgetEnabledRules } from '../enabled-rules-cache';
import {
  decodeQuotedPrintable,
  dingtalkReceiver,
  feishuReceiver,
  smtpReceiver,
  webhookReceiver,
  wecomReceiver,
  type Receiver,
} from './receivers';

process.env.PUBLIC_URL = 'https://vss.example.com';
resetEnvCache();

let admin: Actor & { type: 'user' };
let adminKey: string;
let worker: WorkerRuntime;
const closers: Array<() => Promise<void>> = [];

// A script that writes a few lines and ends with the exit code it is given.
const FLAKY =
  'echo "checking camera feeds"\necho "feed 7: no signal" >&2\necho "secret is $TOKEN"\nexit "${CODE:-0}"\n';

async function run(scriptId: string, code: number, token = 'not-a-secret') {
  const e = await executeScript({
    actor: admin,
    input: { id: scriptId, environment_vars: { CODE: String(code), TOKEN: token } },
    trigger: 'manual',
  });
  return waitForStatus(admin, e.id, undefined, 60_000);
}

async function deliveriesOf(ruleId: string) {
  return db()
    .select()
    .from(alertDeliveries)
    .where(eq(alertDeliveries.ruleId, ruleId))
    .orderBy(alertDeliveries.createdAt);
}

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

beforeAll(async () => {
  admin = await createTestActor('admin');
  adminKey = (await createApiKey({ actor: admin, input: { name: 'alerts run', role: 'admin' } })).key;
  worker = await startTestWorker({ concurrency: 2 });
});

afterAll(async () => {
  await worker?.stop(2_000);
  for (const c of closers) await c();
  delete process.env.PUBLIC_URL;
  resetEnvCache();
});

describe('a failing, then succeeding script', () => {
  it('sends one failure and one recovery message to every channel type, in Chinese, with the run facts', async () => {
    const ding = await dingtalkReceiver('tokDing0123456789', 'SECding0123456789');
    const wecom = await wecomReceiver('key-wecom-0123456789');
    const feishu = await feishuReceiver('hook-feishu-0123456789', 'feishu-sign-secret');
    const hook = await webhookReceiver('hook-sign-secret');
    const smtp = await smtpReceiver('vss', 'mail-pass-0001');
    for (const r of [ding, wecom, feishu, hook, smtp]) closers.push(() => r.close());

    const channels = await Promise.all([
      createAlertChannel({
        actor: admin,
        input: {
          name: uniqueName('ding'),
          type: 'dingtalk',
          config: { url: `${ding.url}?access_token=tokDing0123456789`, secret: 'SECding0123456789' },
        },
      }),
      createAlertChannel({
        actor: admin,
        input: { name: uniqueName('wecom'), type: 'wecom', config: { url: `${wecom.url}?key=key-wecom-0123456789` } },
      }),
      createAlertChannel({
        actor: admin,
        input: {
          name: uniqueName('feishu'),
          type: 'feishu',
          config: { url: feishu.url, secret: 'feishu-sign-secret' },
        },
      }),
      createAlertChannel({
        actor: admin,
        input: { name: uniqueName('hook'), type: 'webhook', config: { url: hook.url, secret: 'hook-sign-secret' } },
      }),
      createAlertChannel({
        actor: admin,
        input: {
          name: uniqueName('mail'),
          type: 'email',
          config: {
            host: '127.0.0.1',
            port: smtp.port,
            security: 'starttls',
            username: 'vss',
            password: 'mail-pass-0001',
            from: 'vss@ops.local',
            to: ['oncall@ops.local'],
            allow_invalid_certificate: true,
          },
        },
      }),
    ]);
    const script = await scriptFor(admin, FLAKY, 'bash', { name: uniqueName('摄像头巡检') });
    const rule = await createAlertRule({
      actor: admin,
      input: {
        name: uniqueName('camera checks'),
        on: ['failed', 'recovered'],
        target: { type: 'script', id: script.id },
        channel_ids: channels.map((c) => c.id),
        throttle_minutes: 0,
        language: 'zh-CN',
      },
    });

    // The run's environment holds a real secret that the script prints: masked in every message.
    const secretName = `ALERT_TOKEN_${Date.now()}`;
    await upsertSecret({ actor: admin, input: { name: secretName, value: 'tok-SECRET-4242' } });
    const failed = await run(script.id, 3, `{{secret:${secretName}}}`);
    expect(failed.status).toBe('failed');
    const first = await until('five sent deliveries', async () => {
      const d = await deliveriesOf(rule.id);
      return d.length === 5 && d.every((x) => x.status === 'sent') && d;
    });
    expect(first.map((d) => d.event)).toEqual(Array(5).fill('failed'));
    expect(first.every((d) => d.executionId === failed.id && d.attempts === 1 && d.error === null)).toBe(true);

    // Every receiver accepted exactly one message (signatures and formats checked on their side).
    for (const r of [ding, wecom, feishu, hook] as Receiver[]) {
      expect(r.received.map((x) => x.verdict)).toEqual(['accepted']);
    }
    expect(smtp.mails).toHaveLength(1);

    const link = `https://vss.example.com/executions/${failed.id}`;
    const dingText = ding.received[0]!.body.markdown as { title: string; text: string };
    expect(dingText.title).toBe(`[VSS] 脚本 ${script.name} 运行失败`);
    expect(dingText.text).toContain('**状态**: 失败');
    expect(dingText.text).toContain('**尝试**: 1 / 1');
    expect(dingText.text).toContain('exited with code 3');
    expect(dingText.text).toContain('> feed 7: no signal');
    expect(dingText.text).toContain(`[查看运行](${link})`);
    expect(dingText.text).toContain(`> secret is ${MASK}`);
    for (const r of [ding, wecom, feishu, hook] as Receiver[])
      expect(r.received[0]!.raw).not.toContain('tok-SECRET-4242');
    expect(smtp.mails[0]!.raw).not.toContain('tok-SECRET-4242');
    const wecomText = (wecom.received[0]!.body.markdown as { content: string }).content;
    expect(wecomText).toContain('最后的输出');
    const post = (
      feishu.received[0]!.body.content as {
        post: { zh_cn: { title: string; content: Array<Array<{ tag: string; href?: string }>> } };
      }
    ).post.zh_cn;
    expect(post.title).toBe(`[VSS] 脚本 ${script.name} 运行失败`);
    expect(post.content.flat().find((e) => e.tag === 'a')!.href).toBe(link);
    expect(hook.received[0]!.body).toMatchObject({
      event: 'failed',
      language: 'zh-CN',
      link,
      rule: { id: rule.id },
      subject: { kind: 'script', id: script.id, name: script.name },
      run: { kind: 'execution', id: failed.id, status: 'failed', attempt: 1, trigger_type: 'manual' },
      output_tail: expect.stringContaining('feed 7: no signal'),
    });
    expect(decodeQuotedPrintable(smtp.mails[0]!.raw)).toContain(link);
    // What each receiver got, for the closing note.
    const view = (r: Receiver) => ({
      path: r.received[0]!.path,
      query: Object.fromEntries(r.received[0]!.query),
      verdict: r.received[0]!.verdict,
      body: r.received[0]!.body,
    });
    console.info(
      `receivers' view of the failure message:\n${JSON.stringify(
        {
          dingtalk: view(ding),
          wecom: view(wecom),
          feishu: view(feishu),
          webhook: {
            ...view(hook),
            signature: hook.received[0]!.headers['x-signature'],
            timestamp: hook.received[0]!.headers['x-signature-timestamp'],
          },
          email: {
            envelope: { from: smtp.mails[0]!.from, to: smtp.mails[0]!.to },
            starttls: smtp.mails[0]!.secure,
            user: smtp.mails[0]!.user,
            text: decodeQuotedPrintable(
              smtp.mails[0]!.raw.split(/\r?\n\r?\n/)
                .slice(1)
                .join('\n\n'),
            ),
          },
        },
        null,
        2,
      )}`,
    );

    const ok = await run(script.id, 0);
    expect(ok.status).toBe('succeeded');
    const second = await until('recovery deliveries', async () => {
      const d = await deliveriesOf(rule.id);
      return d.length === 10 && d.every((x) => x.status === 'sent') && d;
    });
    expect(second.slice(5).map((d) => d.event)).toEqual(Array(5).fill('recovered'));
    expect((ding.received[1]!.body.markdown as { title: string }).title).toBe(`[VSS] 脚本 ${script.name} 已恢复`);

    // A second success is not a recovery: nothing more is sent.
    expect((await run(script.id, 0)).status).toBe('succeeded');
    await sleep(1_500);
    expect(await deliveriesOf(rule.id)).toHaveLength(10);
    expect(ding.received).toHaveLength(2);

    // The delivery log through REST: newest first, one row per message and channel.
    const path = `/api/v1/alerts/rules/${rule.id}/deliveries`;
    const res = await dispatchRest(
      new Request(`http://localhost${path}?page_size=3`, { headers: { authorization: `Bearer ${adminKey}` } }),
      path,
    );
    expect(res.status).toBe(200);
    const page = (await res.json()) as {
      total: number;
      items: Array<{ event: string; status: string; response_code: number }>;
    };
    expect(page.total).toBe(10);
    expect(page.items).toHaveLength(3);
    expect(page.items.every((i) => i.event === 'recovered' && i.status === 'sent')).toBe(true);
  }, 120_000);
});

describe('throttling a script that fails every few seconds', () => {
  it('sends the first failure, holds back the rest, and summarises them when the window ends', async () => {
    const hook = await webhookReceiver(null);
    closers.push(() => hook.close());
    const channel = await createAlertChannel({
      actor: admin,
      input: { name: uniqueName('throttled'), type: 'webhook', config: { url: hook.url } },
    });
    const script = await scriptFor(admin, FLAKY, 'bash');
    const rule = await createAlertRule({
      actor: admin,
      input: {
        name: uniqueName('throttle'),
        on: ['failed', 'recovered'],
        target: { type: 'script', id: script.id },
        channel_ids: [channel.id],
        throttle_minutes: 1,
        language: 'en',
      },
    });
    const timeline: string[] = [];
    const t0 = Date.now();
    for (let i = 0; i < 6; i++) {
      const e = await run(script.id, 1);
      timeline.push(`t+${((Date.now() - t0) / 1000).toFixed(1)}s run ${i + 1} ${e.status}`);
      await sleep(1_000);
    }
    const key = `script:${script.id}`;
    const held = await until('five held back', async () => {
      const [s] = await db()
        .select()
        .from(alertThrottles)
        .where(and(eq(alertThrottles.ruleId, rule.id), eq(alertThrottles.targetKey, key)));
      return s && s.suppressedCount === 5 && s;
    });
    expect(held.suppressedEvents).toEqual({ failed: 5 });
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]!.body).toMatchObject({ event: 'failed', suppressed: null });

    // The window's end, one minute on: moved closer by ageing the last message and promoting the
    // delayed flush job the worker scheduled (the real queue path, without waiting a minute).
    await db()
      .update(alertThrottles)
      .set({ lastSentAt: sql`${alertThrottles.lastSentAt} - interval '61 seconds'` })
      .where(and(eq(alertThrottles.ruleId, rule.id), eq(alertThrottles.targetKey, key)));
    const flush = (await alertQueue().getDelayed()).filter((j) => j.data.kind === 'flush' && j.data.ruleId === rule.id);
    expect(flush).toHaveLength(1); // one flush per window, however many were held back
    await flush[0]!.promote();
    await until('the summary', async () => hook.received.length === 2);
    const summary = hook.received[1]!.body as {
      event: string;
      title: string;
      text: string;
      suppressed: { count: number; events: Record<string, number> };
    };
    expect(summary.event).toBe('summary');
    expect(summary.suppressed).toMatchObject({ count: 5, events: { failed: 5 } });
    expect(summary.text).toContain('5 more alert(s) held back by the throttle');
    const [after] = await db()
      .select()
      .from(alertThrottles)
      .where(and(eq(alertThrottles.ruleId, rule.id), eq(alertThrottles.targetKey, key)));
    expect(after!.suppressedCount).toBe(0);
    timeline.push(`messages received: ${hook.received.map((r) => r.body.event).join(', ')}`);
    console.info(`throttling timeline (throttle 1 min):\n${timeline.join('\n')}`);
  }, 120_000);
});

describe('a receiver that is down, then slow', () => {
  it('does not delay or change the run, and the message is retried with backoff until it is accepted', async () => {
    const hook = await webhookReceiver(null);
    closers.push(() => hook.close());
    hook.failNext(2);
    hook.delayMs = 1_500;
    const channel = await createAlertChannel({
      actor: admin,
      input: { name: uniqueName('flaky receiver'), type: 'webhook', config: { url: hook.url } },
    });
    const script = await scriptFor(admin, FLAKY, 'bash');
    const rule = await createAlertRule({
      actor: admin,
      input: {
        name: uniqueName('retry'),
        on: ['failed'],
        target: { type: 'script', id: script.id },
        channel_ids: [channel.id],
        throttle_minutes: 0,
        language: 'en',
      },
    });
    forgetEnabledRules();
    const e = await run(script.id, 2);
    const endedAt = Date.now();
    expect(e.status).toBe('failed');
    expect(e.error).toBe('exited with code 2'); // the run's own outcome, untouched by the alert
    // The run was final before the receiver had answered even once.
    const [pending] = await deliveriesOf(rule.id).then((d) =>
      d.length
        ? d
        : until('a delivery row', async () => (await deliveriesOf(rule.id)).length > 0 && deliveriesOf(rule.id)),
    );
    expect(hook.received.filter((r) => r.at <= endedAt)).toHaveLength(0);
    expect(pending!.status).not.toBe('sent');
    const sent = await until(
      'the delivery sent',
      async () => {
        const [d] = await deliveriesOf(rule.id);
        return d?.status === 'sent' && d;
      },
      40_000,
    );
    expect(sent.attempts).toBe(3);
    expect(sent.responseCode).toBe(204);
    expect(hook.received.map((r) => r.verdict)).toEqual(['down (503)', 'down (503)', 'accepted']);
    // Backoff: about 2 s, then 4 s between tries (plus the receiver's 1.5 s answers).
    const gaps = hook.received.slice(1).map((r, i) => r.at - hook.received[i]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(2_000);
    expect(gaps[1]).toBeGreaterThanOrEqual(4_000);
    console.info(
      `retries: tries at +0, +${(gaps[0]! / 1000).toFixed(1)} s, +${((gaps[0]! + gaps[1]!) / 1000).toFixed(1)} s; ` +
        `run final ${hook.received[0]!.at - endedAt} ms before the first try answered`,
    );
  }, 90_000);
});

describe('workflow runs and tagged scripts', () => {
  it('alerts on a failed workflow run (workflow rule) and on its failing node script (tag rule)', async () => {
    const hook = await webhookReceiver(null);
    closers.push(() => hook.close());
    const channel = await createAlertChannel({
      actor: admin,
      input: { name: uniqueName('wf hook'), type: 'webhook', config: { url: hook.url } },
    });
    const tag = `nightly-${Date.now()}`;
    const script = await activeScript(admin, 'echo "step 1"\nexit 4\n', 'bash', { tags: [tag] });
    const wf = await workflowOf(admin, {
      nodes: [n.start(), n.script('a', script.id), n.end()],
      edges: chain('start', 'a', 'end'),
    });
    const wfRule = await createAlertRule({
      actor: admin,
      input: {
        name: uniqueName('wf rule'),
        on: ['failed'],
        target: { type: 'workflow', id: wf.id },
        channel_ids: [channel.id],
        throttle_minutes: 0,
        language: 'en',
      },
    });
    const tagRule = await createAlertRule({
      actor: admin,
      input: {
        name: uniqueName('tag rule'),
        on: ['failed'],
        target: { type: 'tag', tag },
        channel_ids: [channel.id],
        throttle_minutes: 0,
        language: 'en',
      },
    });
    const started = await startWorkflowRun({ actor: admin, workflowId: wf.id, input: {}, trigger: 'manual' });
    const ended = await waitForRun(admin, started.id);
    expect(ended.status).toBe('failed');
    await until('two messages', async () => hook.received.length >= 2, 30_000);
    await sleep(500);
    expect(hook.received).toHaveLength(2);
    const bodies = hook.received.map(
      (r) =>
        r.body as {
          rule: { id: string };
          subject: { kind: string };
          run: { kind: string; id: string };
          link: string;
          title: string;
        },
    );
    const wfMsg = bodies.find((b) => b.rule.id === wfRule.id)!;
    expect(wfMsg).toMatchObject({
      subject: { kind: 'workflow' },
      run: { kind: 'workflow_run', id: started.id },
      link: `https://vss.example.com/workflows/runs/${started.id}`,
    });
    expect(wfMsg.title).toContain('[VSS] Workflow');
    const tagMsg = bodies.find((b) => b.rule.id === tagRule.id)!;
    expect(tagMsg).toMatchObject({ subject: { kind: 'script' }, run: { kind: 'execution' } });
  }, 90_000);
});
