import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { events, executions } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { createApiKey } from '@/server/apikeys/create-api-key';
import { dispatchRest } from '@/server/rest/dispatch';
import { createTestActor } from '@/server/test/fixtures';
import { scriptFor } from '@/server/executions/tests/engine-harness';
import { createTrigger } from '../create-trigger';
import { regenerateWebhookToken } from '../regenerate-webhook-token';
import { updateTrigger } from '../update-trigger';
import { signBody, signTimestamped } from '../webhook-token';

// Small, so the rate limit is reached within the test.
process.env.WEBHOOK_RATE_LIMIT_PER_MINUTE = '12';

let owner: Actor & { type: 'user' };
let scriptId: string;
let apiKey: string;

const hook = (token: string, body: string, headers: Record<string, string> = {}) =>
  dispatchRest(
    new Request(`http://localhost/api/v1/hooks/${token}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    }),
    `/api/v1/hooks/${token}`,
  );

const now = () => Math.floor(Date.now() / 1000);
/** The current scheme: HMAC over "{timestamp}.{raw body}", the timestamp in X-Signature-Timestamp. */
const signed = (secret: string, body: string, ts = now(), header = 'X-Hub-Signature') => ({
  [header]: signTimestamped(secret, ts, body),
  'X-Signature-Timestamp': String(ts),
});

const execution = async (id: string) => (await db().select().from(executions).where(eq(executions.id, id)))[0]!;

beforeAll(async () => {
  owner = await createTestActor('editor');
  scriptId = (await scriptFor(owner, 'echo hook', 'bash', { status: 'active' })).id;
  apiKey = (await createApiKey({ actor: owner, input: { name: 'events', role: 'operator' } })).key;
});

describe('webhooks over the REST dispatcher (no API key)', () => {
  it('accepts a signed JSON body, starts a run with trigger webhook, and refuses bad signatures and tokens alike with 404', async () => {
    const t = await createTrigger({
      actor: owner,
      input: {
        name: 'signed hook',
        webhook_enabled: true,
        webhook_secret: 'shh-very-secret',
        webhook_signature_header: 'X-Hub-Signature',
        target_type: 'script',
        target_id: scriptId,
      },
    });
    expect(t.webhook_token).toMatch(/^whk_/);
    expect(t.webhook_path).toBe(`/api/v1/hooks/${t.webhook_token}`);
    expect(t.webhook_hmac_enabled).toBe(true);
    expect(t.webhook_token_prefix).toBe(t.webhook_token!.slice(0, 10));
    const body = JSON.stringify({ camera_id: 7, kind: 'tamper' });

    const t0 = now(); // explicit, distinct timestamps: a repeated one would (rightly) be a replay
    const ok = await hook(t.webhook_token!, body, signed('shh-very-secret', body, t0));
    expect(ok.status).toBe(202);
    const res = await ok.json();
    expect(res.executions).toHaveLength(1);
    const run = await execution(res.executions[0].id);
    expect(run.triggerType).toBe('webhook');
    expect(run.triggerRef).toBe(res.event_id);
    expect(run.actorId).toBe(owner.id);
    expect(run.inputParameters).toMatchObject({
      camera_id: 7,
      kind: 'tamper',
      event: { type: 'webhook', payload: { camera_id: 7, kind: 'tamper' } },
    });
    const stored = (await db().select().from(events).where(eq(events.id, res.event_id)))[0]!;
    expect(stored).toMatchObject({ kind: 'webhook', triggerId: t.id, payload: { camera_id: 7, kind: 'tamper' } });

    // Bare hex is accepted too.
    const ts = t0 - 1;
    const bare = signTimestamped('shh-very-secret', ts, body).slice('sha256='.length);
    expect(
      (await hook(t.webhook_token!, body, { 'X-Hub-Signature': bare, 'X-Signature-Timestamp': String(ts) })).status,
    ).toBe(202);

    const refusals = [
      await hook(t.webhook_token!, body, signed('wrong-secret', body)),
      await hook(t.webhook_token!, body, signed('shh-very-secret', `${body} `)),
      await hook(t.webhook_token!, body),
      await hook(t.webhook_token!, body, signed('shh-very-secret', body, now(), 'X-Signature')), // wrong header
      await hook(t.webhook_token!, body, { 'X-Hub-Signature': signBody('shh-very-secret', body) }), // body-only: not opted in
      await hook(t.webhook_token!, body, {
        'X-Hub-Signature': signTimestamped('shh-very-secret', now(), body),
        'X-Signature-Timestamp': String(now() - 2),
      }), // other timestamp
      await hook(t.webhook_token!, body, { ...signed('shh-very-secret', body), 'X-Signature-Timestamp': '1e9' }),
      await hook(`whk_${'A'.repeat(43)}`, body, signed('shh-very-secret', body)),
      await hook('not-a-token', body),
    ];
    const answers = await Promise.all(refusals.map(async (r) => ({ status: r.status, body: await r.json() })));
    for (const a of answers)
      expect(a).toEqual({
        status: 404,
        body: { error: { code: 'NOT_FOUND', message: 'no such webhook', details: [] } },
      });
  });

  it('refuses a replayed delivery and timestamps outside ±5 minutes; body-only signatures only with the opt-in', async () => {
    const secret = 'replay-secret-1';
    const t = await createTrigger({
      actor: owner,
      input: {
        name: 'replay hook',
        webhook_enabled: true,
        webhook_secret: secret,
        target_type: 'script',
        target_id: scriptId,
      },
    });
    expect(t.webhook_body_only_signature).toBe(false);
    const body = '{"door":4}';
    const first = signed(secret, body, now(), 'X-Signature');
    expect((await hook(t.webhook_token!, body, first)).status).toBe(202);
    const replay = await hook(t.webhook_token!, body, first);
    expect(replay.status).toBe(409);
    expect((await replay.json()).error.message).toMatch(/replay/);
    // The same body signed again with a new timestamp is a new delivery.
    expect((await hook(t.webhook_token!, body, signed(secret, body, now() + 1, 'X-Signature'))).status).toBe(202);

    const stale = await hook(t.webhook_token!, body, signed(secret, body, now() - 301, 'X-Signature'));
    expect(stale.status).toBe(401);
    expect((await stale.json()).error.message).toMatch(/X-Signature-Timestamp is 30\d s away/);
    expect((await hook(t.webhook_token!, body, signed(secret, body, now() + 400, 'X-Signature'))).status).toBe(401);
    expect((await hook(t.webhook_token!, body, signed(secret, body, now() - 280, 'X-Signature'))).status).toBe(202);

    // Old senders: body-only signatures only after the explicit opt-in; timestamped ones keep working.
    const bodyOnly = { 'X-Signature': signBody(secret, body) };
    expect((await hook(t.webhook_token!, body, bodyOnly)).status).toBe(404);
    const opted = await updateTrigger({
      actor: owner,
      input: { id: t.id, patch: { webhook_body_only_signature: true } },
    });
    expect(opted.webhook_body_only_signature).toBe(true);
    expect((await hook(t.webhook_token!, body, bodyOnly)).status).toBe(202);
    expect((await hook(t.webhook_token!, body, { 'X-Signature': signBody('other-secret', body) })).status).toBe(404);
    expect((await hook(t.webhook_token!, body, signed(secret, body, now() + 2, 'X-Signature'))).status).toBe(202);
  });

  it('takes raw text when the body is not JSON; a regenerated token replaces the old one; disabling closes it', async () => {
    const t = await createTrigger({
      actor: owner,
      input: { name: 'text hook', webhook_enabled: true, target_type: 'script', target_id: scriptId },
    });
    const r = await hook(t.webhook_token!, 'motion at gate 3', { 'content-type': 'text/plain' });
    expect(r.status).toBe(202);
    const run = await execution((await r.json()).executions[0].id);
    expect(run.inputParameters).toEqual({
      event: { type: 'webhook', source: 'webhook:text hook', payload: 'motion at gate 3' },
    });
    // Content-type says JSON but the body is not: still taken as text, never a 500.
    expect((await hook(t.webhook_token!, '{not json')).status).toBe(202);

    const again = await regenerateWebhookToken({ actor: owner, id: t.id });
    expect(again.webhook_token).not.toBe(t.webhook_token);
    expect((await hook(t.webhook_token!, '{}')).status).toBe(404);
    expect((await hook(again.webhook_token!, '{}')).status).toBe(202);

    await updateTrigger({ actor: owner, input: { id: t.id, patch: { enabled: false } } });
    expect((await hook(again.webhook_token!, '{}')).status).toBe(404);
    await updateTrigger({
      actor: owner,
      input: { id: t.id, patch: { enabled: true, webhook_enabled: false, event_pattern: 'text.hook' } },
    });
    expect((await hook(again.webhook_token!, '{}')).status).toBe(404);
  });

  it('rate-limits per token with 429', async () => {
    const t = await createTrigger({
      actor: owner,
      input: {
        name: 'busy hook',
        webhook_enabled: true,
        target_type: 'script',
        target_id: scriptId,
        filter: 'payload.go == true',
      },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) statuses.push((await hook(t.webhook_token!, '{"go":false}')).status);
    // Between 12 and 14 pass depending on where the minute window turns; then 429.
    expect(statuses.filter((s) => s === 202).length).toBeGreaterThanOrEqual(12);
    if (statuses.filter((s) => s === 202).length === 12) expect(statuses.slice(12)).toEqual([429, 429]);
    const other = await createTrigger({
      actor: owner,
      input: { name: 'quiet hook', webhook_enabled: true, target_type: 'script', target_id: scriptId },
    });
    expect((await hook(other.webhook_token!, '{}')).status).toBe(202); // another token has its own budget
  });

  it('POST /api/v1/events needs an API key with event.publish; answers 202 with the runs started', async () => {
    const type = `gate.open.${Date.now()}`;
    const t = await createTrigger({
      actor: owner,
      input: { name: 'gate', event_pattern: 'gate.open.*', target_type: 'script', target_id: scriptId },
    });
    const post = (headers: Record<string, string>, body: unknown) =>
      dispatchRest(
        new Request('http://localhost/api/v1/events', {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json', ...headers },
        }),
        '/api/v1/events',
      );
    expect((await post({}, { type })).status).toBe(401);
    const r = await post({ 'x-api-key': apiKey }, { type, source: 'acs', payload: { gate: 2 } });
    expect(r.status).toBe(202);
    const body = await r.json();
    expect(body.executions).toEqual([
      expect.objectContaining({ trigger_id: t.id, kind: 'execution', status: 'queued' }),
    ]);
    const run = await execution(body.executions[0].id);
    expect(run).toMatchObject({ triggerType: 'event', triggerRef: body.event_id });
    const none = await post({ 'x-api-key': apiKey }, { type: 'nothing.here' });
    expect(none.status).toBe(202);
    expect((await none.json()).executions).toEqual([]);
    const bad = await post({ 'x-api-key': apiKey }, { type: '' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details[0].field).toBe('type');
  });
});
