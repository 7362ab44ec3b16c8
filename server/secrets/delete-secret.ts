import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { secrets } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import { coded } from '@/server/messages/messages.shared';

export async function deleteSecret(opts: { actor: Actor; id: string; meta?: RequestMeta }): Promise<{ id: string }> {
  assertCan(opts.actor, 'secret.write');
  const [row] = await db().delete(secrets).where(eq(secrets.id, opts.id)).returning();
  if (!row) throw AppError.notFound('secret', opts.id);
  await writeAudit({
    actor: opts.actor,
    action: 'secret.delete',
    entityType: 'secret',
    entityId: opts.id,
    summary: coded('audit.secret_deleted', { name: row.name }),
    meta: opts.meta,
  });
  return { id: opts.id };
}
