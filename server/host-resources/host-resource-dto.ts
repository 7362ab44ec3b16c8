import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { hostResources, scriptHostResources, scripts } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { canGrant } from './grant-access';
import type { HostResourceDto } from './host-resources.schema';

type Row = typeof hostResources.$inferSelect;

/** DTOs of resources with the live scripts that declare each (one query for all of them). */
export async function toHostResourceDtos(tx: DbOrTx, actor: Actor, rows: Row[]): Promise<HostResourceDto[]> {
  const ids = rows.map((r) => r.id);
  const users = ids.length
    ? await tx
        .select({
          resourceId: scriptHostResources.resourceId,
          id: scripts.id,
          name: scripts.name,
          status: scripts.status,
          state: scriptHostResources.state,
        })
        .from(scriptHostResources)
        .innerJoin(scripts, eq(scripts.id, scriptHostResources.scriptId))
        .where(and(inArray(scriptHostResources.resourceId, ids), isNull(scripts.deletedAt)))
        .orderBy(scripts.name)
    : [];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    path: r.path,
    kind: r.kind,
    mode: r.mode,
    grant_roles: r.grantRoles,
    grant_user_ids: r.grantUserIds,
    grantable: canGrant(actor, r),
    scripts: users
      .filter((u) => u.resourceId === r.id)
      .map(({ id, name, status, state }) => ({ id, name, status, state })),
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  }));
}
