import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { db } from '@/db/client';
import { hostResources, scriptHostResources, scripts } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import { getHostResourceRow } from './get-host-resource';
import { coded } from '@/server/messages/messages.shared';

/** Deletes a resource no live script declares; otherwise CONFLICT naming the scripts. */
export async function deleteHostResource(opts: {
  actor: Actor;
  id: string;
  meta?: RequestMeta;
}): Promise<{ id: string; deleted: true }> {
  assertCan(opts.actor, 'hostresource.manage');
  return db().transaction(async (tx) => {
    const row = await getHostResourceRow(opts.id, tx, { forUpdate: true });
    const users = await tx
      .select({ name: scripts.name })
      .from(scriptHostResources)
      .innerJoin(scripts, eq(scripts.id, scriptHostResources.scriptId))
      .where(and(eq(scriptHostResources.resourceId, opts.id), isNull(scripts.deletedAt)));
    if (users.length) {
      throw new AppError(
        'CONFLICT',
        `host resource ${row.name} is used by ${users.length} script(s): ${users.map((u) => `"${u.name}"`).join(', ')}; remove it from them first`,
      );
    }
    // Deleted scripts keep their rows until purged: their declarations go with the resource.
    const deadScripts = tx.select({ id: scripts.id }).from(scripts).where(isNotNull(scripts.deletedAt));
    await tx
      .delete(scriptHostResources)
      .where(and(eq(scriptHostResources.resourceId, opts.id), inArray(scriptHostResources.scriptId, deadScripts)));
    await tx.delete(hostResources).where(eq(hostResources.id, opts.id));
    await writeAudit(
      {
        actor: opts.actor,
        action: 'host_resource.delete',
        entityType: 'host_resource',
        entityId: opts.id,
        meta: opts.meta,
        summary: coded('audit.host_resource_deleted', { name: row.name, path: row.path }),
      },
      tx,
    );
    return { id: opts.id, deleted: true as const };
  });
}
