import { and, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { events, triggers } from '@/db/schema';
import { unseal } from '@/server/crypto/seal';
import { env } from '@/server/env';
import { enforceMinuteLimit } from '@/server/infra/minute-window-limit';
import { AppError } from '@/server/errors/app-error';
import { assertStorable } from '@/server/input/storable-text';
import { logger } from '@/server/log/logger';
import { redis } from '@/server/queue/connection';
import type { PublishEventDto } from '@/server/events/events.schema';
import { deliverToTrigger } from './deliver-event';
import {
  hashWebhookToken,
  signatureValid,
  TIMESTAMP_HEADER,
  TIMESTAMP_TOLERANCE_SECONDS,
  timestampedSignatureValid,
} from './webhook-token';

export interface WebhookRequest {
  token: string;
  rawBody: string;
  contentType: string | null;
  header(name: string): string | null;
  ip?: string | null;
}

/** The same answer for an unknown token, a disabled trigger and a bad signature: nothing is revealed. */
const notFound = () => new AppError('NOT_FOUND', 'no such webhook');

type TriggerRow = typeof triggers.$inferSelect;

/**
 * A signed delivery carries `X-Signature-Timestamp` (unix seconds) and an HMAC of
 * "{timestamp}.{raw body}". It is refused when the timestamp is more than 5 minutes from the
 * server's clock, or when the same timestamp and signature were already accepted (a replay: seen
 * signatures are kept in Redis for longer than the window). A bad signature answers like an unknown
 * token; only a caller who holds the secret learns why a genuine delivery was refused.
 */
async function checkSignature(trigger: TriggerRow, secret: string, req: WebhookRequest): Promise<void> {
  const presented = req.header(trigger.webhookSignatureHeader);
  const timestamp = req.header(TIMESTAMP_HEADER)?.trim();
  if (!timestamp) {
    if (trigger.webhookBodyOnlySignature && signatureValid(secret, req.rawBody, presented)) return;
    throw notFound();
  }
  if (!/^\d{1,12}$/.test(timestamp) || !timestampedSignatureValid(secret, timestamp, req.rawBody, presented))
    throw notFound();
  const skew = Math.abs(Date.now() / 1000 - Number(timestamp));
  if (skew > TIMESTAMP_TOLERANCE_SECONDS) {
    throw new AppError(
      'UNAUTHORIZED',
      `${TIMESTAMP_HEADER} is ${Math.round(skew)} s away from the server's clock; at most ${TIMESTAMP_TOLERANCE_SECONDS} s is accepted (sign each delivery when it is sent)`,
    );
  }
  const digest = presented!
    .trim()
    .replace(/^sha256=/i, '')
    .toLowerCase();
  const seen = `${env().QUEUE_PREFIX}:hook-seen:${trigger.id}:${timestamp}:${digest}`;
  const first = await redis().set(seen, '1', 'EX', TIMESTAMP_TOLERANCE_SECONDS * 2 + 60, 'NX');
  if (first !== 'OK')
    throw new AppError('CONFLICT', 'this delivery (same timestamp and signature) was already accepted: replay refused');
}

function parseBody(raw: string, contentType: string | null): unknown {
  if (raw.trim() === '') return {};
  const looksJson = contentType?.includes('json') || /^\s*[[{]/.test(raw);
  if (!looksJson) return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw; // a body that is not JSON is passed on as text
  }
}

/**
 * POST /api/v1/hooks/{token}: no API key; the token (and, when the trigger has a secret, an
 * HMAC-SHA256 of "{timestamp}.{raw body}", see checkSignature) is the credential. The delivery is stored as an event of kind
 * `webhook` and started as the trigger's owner with trigger type `webhook`.
 */
export async function receiveWebhook(req: WebhookRequest): Promise<PublishEventDto> {
  if (!/^whk_[A-Za-z0-9_-]{20,100}$/.test(req.token)) throw notFound();
  const tokenHash = hashWebhookToken(req.token);
  await enforceMinuteLimit(`hook:${tokenHash}`, env().WEBHOOK_RATE_LIMIT_PER_MINUTE, 'this webhook');
  const [trigger] = await db()
    .select()
    .from(triggers)
    .where(and(eq(triggers.webhookTokenHash, tokenHash), eq(triggers.enabled, true)))
    .limit(1);
  if (!trigger) throw notFound();
  if (trigger.webhookSecretSealed) {
    let secret: string;
    try {
      secret = unseal(trigger.webhookSecretSealed);
    } catch (err) {
      logger().error({ err, triggerId: trigger.id }, 'webhook secret cannot be opened (SECRETS_KEY changed?)');
      throw notFound();
    }
    await checkSignature(trigger, secret, req);
  }
  const payload = parseBody(req.rawBody, req.contentType);
  assertStorable(payload, 'body');
  const source = `webhook:${trigger.name}`;
  const [event] = await db()
    .insert(events)
    .values({
      kind: 'webhook',
      type: 'webhook',
      source,
      payload,
      triggerId: trigger.id,
      publishedBy: req.ip ? `webhook from ${req.ip}` : 'webhook',
    })
    .returning();
  const delivery = await deliverToTrigger(trigger, { id: event!.id, type: 'webhook', source, payload }, 'webhook');
  await db()
    .update(events)
    .set({ deliveries: [delivery] })
    .where(eq(events.id, event!.id));
  return {
    event_id: event!.id,
    type: event!.type,
    source: event!.source,
    received_at: event!.receivedAt.toISOString(),
    executions: delivery.run_id
      ? [
          {
            trigger_id: trigger.id,
            trigger_name: trigger.name,
            kind: delivery.run_kind!,
            id: delivery.run_id,
            status: delivery.run_status ?? 'queued',
          },
        ]
      : [],
    deliveries: [delivery],
  };
}
