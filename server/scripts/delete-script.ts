import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { scripts } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { getScriptRow } from './get-script';
import { coded } from '@/server/messages/messages.shared';

/**
 * Soft delete: the row stays (archived, with deleted_at) so executions that ran it keep their script
 * name and version content; it disappears from every list and lookup, and its name becomes free.
 */
export async function deleteScript(opts: {
  actor: Actor;
  id: string;
  meta?: RequestMeta;
}): Promise<{ id: string; deleted: true }> {
  assertCan(opts.actor, 'script.write');
  await db().transaction(async (tx) => {
    const row = await getScriptRow(opts.id, tx, { forUpdate: true });
    await tx
      .update(scripts)
      .set({ deletedAt: sql`now()`, status: 'archived', updatedAt: sql`now()` })
      .where(eq(scripts.id, opts.id));
    await writeAudit(
      {
        actor: opts.actor,
        action: 'script.delete',
        entityType: 'script',
        entityId: opts.id,
        summary: coded('audit.deleted', { name: row.name }),
        meta: opts.meta,
      },
      tx,
    );
  });
  return { id: opts.id, deleted: true };
}
