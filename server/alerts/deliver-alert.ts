import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { alertChannels, alertDeliveries } from '@/db/schema';
import { storableText } from '@/db/storable';
import { unsealChannelConfig } from './channel-config';
import type { AlertMessage } from './render-alert';
import { sendToChannel } from './send-to-channel';

export type DeliveryOutcome = 'sent' | 'retry' | 'failed' | 'done';

/**
 * One try of one delivery: sends it and writes the answer into the delivery log. `retry` asks the
 * queue for another try after its backoff; on the last try a failure is final. A delivery already
 * sent or failed is left alone (a repeated job).
 */
export async function deliverAlert(
  deliveryId: string,
  opts: { lastTry: boolean },
): Promise<{ outcome: DeliveryOutcome; error: string | null }> {
  const [d] = await db().select().from(alertDeliveries).where(eq(alertDeliveries.id, deliveryId)).limit(1);
  if (!d || d.status !== 'pending') return { outcome: 'done', error: null };
  const end = async (ok: boolean, final: boolean, status: number | null, error: string | null) => {
    await db()
      .update(alertDeliveries)
      .set({
        attempts: sql`${alertDeliveries.attempts} + 1`,
        responseCode: status,
        error: error === null ? null : storableText(error),
        ...(ok
          ? { status: 'sent' as const, finishedAt: new Date() }
          : final
            ? { status: 'failed' as const, finishedAt: new Date() }
            : {}),
      })
      .where(eq(alertDeliveries.id, deliveryId));
  };
  const [channel] = d.channelId
    ? await db().select().from(alertChannels).where(eq(alertChannels.id, d.channelId)).limit(1)
    : [];
  if (!channel || !channel.enabled) {
    const why = channel ? 'the channel was disabled' : 'the channel was deleted';
    await end(false, true, null, why);
    return { outcome: 'failed', error: why };
  }
  let config;
  try {
    config = unsealChannelConfig(channel.configSealed);
  } catch {
    const why = 'the channel configuration cannot be opened (SECRETS_KEY changed?)';
    await end(false, true, null, why);
    return { outcome: 'failed', error: why };
  }
  const r = await sendToChannel(channel.type, config, d.message as AlertMessage);
  await end(r.ok, opts.lastTry, r.status, r.error);
  if (r.ok) return { outcome: 'sent', error: null };
  return { outcome: opts.lastTry ? 'failed' : 'retry', error: r.error };
}
