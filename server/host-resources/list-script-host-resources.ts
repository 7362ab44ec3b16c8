import { and, asc, eq, isNull } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { hostResources, scriptHostResources, scripts, users } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import type { ScriptHostResourceDto } from './host-resources.schema';

export async function scriptHostResourceItems(scriptId: string, tx: DbOrTx = db()): Promise<ScriptHostResourceDto[]> {
  const rows = await tx
    .select({ r: hostResources, g: scriptHostResources, by: users.email })
    .from(scriptHostResources)
    .innerJoin(hostResources, eq(hostResources.id, scriptHostResources.resourceId))
    .leftJoin(users, eq(users.id, scriptHostResources.grantedBy))
    .where(eq(scriptHostResources.scriptId, scriptId))
    .orderBy(asc(hostResources.name));
  return rows.map(({ r, g, by }) => ({
    id: r.id,
    name: r.name,
    path: r.path,
    kind: r.kind,
    mode: r.mode,
    state: g.state,
    reason: g.reason,
    granted_by: by ?? null,
    granted_at: g.grantedAt.toISOString(),
    script_version: g.scriptVersion,
  }));
}

/** The host resources a script declares, granted or suspended (the script page's list). */
export async function listScriptHostResources(opts: {
  actor: Actor;
  id: string;
}): Promise<{ script_id: string; items: ScriptHostResourceDto[] }> {
  assertCan(opts.actor, 'script.read');
  // (not getScriptRow: get-script.ts imports this file)
  const [script] = await db()
    .select({ id: scripts.id })
    .from(scripts)
    .where(and(eq(scripts.id, opts.id), isNull(scripts.deletedAt)))
    .limit(1);
  if (!script) throw AppError.notFound('script', opts.id);
  return { script_id: opts.id, items: await scriptHostResourceItems(opts.id) };
}
