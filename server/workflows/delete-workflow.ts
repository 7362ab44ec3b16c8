import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { workflows } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { getWorkflowRow } from './get-workflow';
import { coded } from '@/server/messages/messages.shared';

/**
 * Soft delete: the row stays (archived, with deleted_at) so its runs keep their history; it leaves
 * every list and lookup, and its name becomes free. Runs already started finish normally.
 */
export async function deleteWorkflow(opts: {
  actor: Actor;
  id: string;
  meta?: RequestMeta;
}): Promise<{ id: string; deleted: true }> {
  assertCan(opts.actor, 'workflow.write');
  await db().transaction(async (tx) => {
    const row = await getWorkflowRow(opts.id, tx, { forUpdate: true });
    await tx
      .update(workflows)
      .set({ deletedAt: sql`now()`, status: 'archived', updatedAt: sql`now()` })
      .where(eq(workflows.id, opts.id));
    await writeAudit(
      {
        actor: opts.actor,
        action: 'workflow.delete',
        entityType: 'workflow',
        entityId: opts.id,
        summary: coded('audit.deleted', { name: row.name }),
        meta: opts.meta,
      },
      tx,
    );
  });
  return { id: opts.id, deleted: true };
}
