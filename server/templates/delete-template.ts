import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { scriptTemplates } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { assertCanChange, getVisibleTemplateRow } from './template-access';
import { coded } from '@/server/messages/messages.shared';

/** Soft delete: scripts made from it keep their template_id; the name becomes free. */
export async function deleteTemplate(opts: {
  actor: Actor;
  id: string;
  meta?: RequestMeta;
}): Promise<{ id: string; deleted: true }> {
  assertCan(opts.actor, 'template.write');
  await db().transaction(async (tx) => {
    const row = await getVisibleTemplateRow(opts.actor, opts.id, tx, { forUpdate: true });
    assertCanChange(opts.actor, row);
    await tx
      .update(scriptTemplates)
      .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(scriptTemplates.id, opts.id));
    await writeAudit(
      {
        actor: opts.actor,
        action: 'template.delete',
        entityType: 'template',
        entityId: opts.id,
        summary: coded('audit.deleted', { name: row.name }),
        meta: opts.meta,
      },
      tx,
    );
  });
  return { id: opts.id, deleted: true };
}
