import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { alertChannels, alertRules } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import { getAlertChannelRow } from './get-alert-channel';

/** Deletes a channel no rule sends to (409 names the rules otherwise: a rule must not go silent). */
export async function deleteAlertChannel(opts: {
  actor: Actor;
  id: string;
  meta?: RequestMeta;
}): Promise<{ id: string; deleted: true }> {
  assertCan(opts.actor, 'alert.channel.manage');
  return db().transaction(async (tx) => {
    const row = await getAlertChannelRow(opts.id, tx, { forUpdate: true });
    const users = await tx
      .select({ name: alertRules.name })
      .from(alertRules)
      .where(sql`${opts.id}::uuid = any(${alertRules.channelIds})`)
      .limit(20);
    if (users.length) {
      throw new AppError(
        'CONFLICT',
        `alert channel ${row.name} is used by rule(s) ${users.map((u) => `"${u.name}"`).join(', ')}: ` +
          'remove it from them first',
      );
    }
    await tx.delete(alertChannels).where(eq(alertChannels.id, opts.id));
    await writeAudit(
      {
        actor: opts.actor,
        action: 'alert_channel.delete',
        entityType: 'alert_channel',
        entityId: opts.id,
        meta: opts.meta,
        summary: `alert channel ${row.name} (${row.type}) deleted`,
      },
      tx,
    );
    return { id: opts.id, deleted: true as const };
  });
}
