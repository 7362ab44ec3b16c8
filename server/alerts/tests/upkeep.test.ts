/** The delivery log's upkeep: stuck pending rows are handed to the queue again; old rows expire. */
import { describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { alertDeliveries } from '@/db/schema';
import { alertQueue } from '@/server/queue/alert-queue';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { createAlertChannel } from '../create-alert-channel';
import { createAlertRule } from '../create-alert-rule';
import { pruneAlertDeliveries } from '../prune-alert-deliveries';
import { requeueStuckDeliveries } from '../requeue-stuck-deliveries';

async function delivery(ruleId: string, ageSeconds: number, status: 'pending' | 'sent') {
  const [row] = await db()
    .insert(alertDeliveries)
    .values({
      ruleId,
      channelName: 'c',
      channelType: 'webhook',
      event: 'failed',
      targetKey: 'script:x',
      message: { title: 't' },
      status,
      createdAt: sql`now() - make_interval(secs => ${ageSeconds})`,
    })
    .returning();
  return row!.id;
}

describe('delivery log upkeep', () => {
  it('re-enqueues pending deliveries older than two minutes, and only those', async () => {
    const admin = await createTestActor('admin');
    const ch = await createAlertChannel({
      actor: admin,
      input: { name: uniqueName('upkeep'), type: 'webhook', config: { url: 'http://127.0.0.1:9/x' } },
    });
    const rule = await createAlertRule({
      actor: admin,
      input: {
        name: uniqueName('upkeep'),
        on: ['failed'],
        target: { type: 'all' },
        channel_ids: [ch.id],
        enabled: false,
      },
    });
    const stuck = await delivery(rule.id, 600, 'pending');
    const fresh = await delivery(rule.id, 10, 'pending');
    const sent = await delivery(rule.id, 600, 'sent');
    expect(await requeueStuckDeliveries()).toBeGreaterThanOrEqual(1);
    expect(await alertQueue().getJob(`dlv-${stuck}`)).toBeDefined();
    expect(await alertQueue().getJob(`dlv-${fresh}`)).toBeUndefined();
    expect(await alertQueue().getJob(`dlv-${sent}`)).toBeUndefined();

    const old = await delivery(rule.id, 8 * 86_400, 'sent');
    expect(await pruneAlertDeliveries({ days: 0 })).toBe(0); // 0 keeps everything
    expect(await pruneAlertDeliveries({ days: 7 })).toBeGreaterThanOrEqual(1);
    const left = await db()
      .select({ id: alertDeliveries.id })
      .from(alertDeliveries)
      .where(inArray(alertDeliveries.id, [old, stuck, fresh, sent]));
    expect(left.map((r) => r.id).sort()).toEqual([stuck, fresh, sent].sort());
    await db().delete(alertDeliveries).where(eq(alertDeliveries.ruleId, rule.id));
  });
});
