import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { triggers } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import { coded } from '@/server/messages/messages.shared';

/** Stored events stay (their trigger link becomes null); runs keep their trigger_ref. */
export async function deleteTrigger(opts: {
  actor: Actor;
  id: string;
  meta?: RequestMeta;
}): Promise<{ id: string; deleted: true }> {
  assertCan(opts.actor, 'trigger.write');
  await db().transaction(async (tx) => {
    const [r] = await tx.delete(triggers).where(eq(triggers.id, opts.id)).returning();
    if (!r) throw AppError.notFound('trigger', opts.id);
    await writeAudit(
      {
        actor: opts.actor,
        action: 'trigger.delete',
        entityType: 'trigger',
        entityId: r.id,
        summary: coded('audit.deleted', { name: r.name }),
        meta: opts.meta,
      },
      tx,
    );
  });
  return { id: opts.id, deleted: true };
}
