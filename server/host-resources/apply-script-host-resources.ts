import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { hostResources, scriptHostResources, scripts } from '@/db/schema';
import { actorLabel, actorUserId, type Actor, type RequestMeta } from '@/server/auth/actor';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import { canGrant } from './grant-access';
import { coded, type CodedMessage } from '@/server/messages/messages.shared';

export interface ApplyHostResourcesOptions {
  actor: Actor;
  meta?: RequestMeta;
  scriptId: string;
  /** The script's version after this save. */
  version: number;
  /** The complete list the script declares from now on; undefined keeps the current list. */
  names?: string[];
  /** The save changed the script's content (or language): grants the actor may not give are suspended. */
  contentChanged: boolean;
}

export interface ApplyHostResourcesResult {
  /** Resources whose grant this save suspended, or that stay suspended. */
  suspended: string[];
}

/**
 * The grant rules, in one place (called inside the transaction that saves the script):
 * - attaching a resource needs canGrant (FORBIDDEN otherwise, naming the resource);
 * - listing a suspended resource again, by someone who may grant it, grants it again;
 * - removing one needs only the right to change the script;
 * - a content change by someone who may not grant a resource suspends that grant: the script
 *   cannot use it until someone allowed looks at the new content and grants it again.
 * Every change is an audit row. The caller drops an active script to draft when anything is suspended.
 */
export async function applyScriptHostResources(
  tx: DbOrTx,
  opts: ApplyHostResourcesOptions,
): Promise<ApplyHostResourcesResult> {
  const existing = await tx
    .select({ resource: hostResources, state: scriptHostResources.state })
    .from(scriptHostResources)
    .innerJoin(hostResources, eq(hostResources.id, scriptHostResources.resourceId))
    .where(eq(scriptHostResources.scriptId, opts.scriptId));
  if (opts.names === undefined && (existing.length === 0 || !opts.contentChanged)) {
    return { suspended: existing.filter((e) => e.state === 'suspended').map((e) => e.resource.name) };
  }
  const byName = new Map(existing.map((e) => [e.resource.name, e]));
  const wanted = opts.names ?? [...byName.keys()];
  const newNames = wanted.filter((n) => !byName.has(n));
  const newRows = newNames.length
    ? await tx.select().from(hostResources).where(inArray(hostResources.name, newNames))
    : [];
  const unknown = newNames.filter((n) => !newRows.some((r) => r.name === n));
  if (unknown.length) {
    throw new AppError('VALIDATION_ERROR', `host_resources: no host resource named ${unknown.join(', ')}`, {
      details: unknown.map((n) => ({ field: 'host_resources', message: `no host resource named "${n}"` })),
    });
  }
  const refused = newRows.filter((r) => !canGrant(opts.actor, r));
  if (refused.length) {
    throw new AppError(
      'FORBIDDEN',
      `you may not grant host resource ${refused.map((r) => r.name).join(', ')} to a script: ask an administrator (or a role/user the resource lists)`,
      {
        details: refused.map((r) => ({ field: 'host_resources', message: `may not grant "${r.name}"` })),
      },
    );
  }

  const who = actorLabel(opts.actor);
  const grantedBy = actorUserId(opts.actor);
  const audit = (action: string, summary: CodedMessage) =>
    writeAudit(
      { actor: opts.actor, action, entityType: 'script', entityId: opts.scriptId, summary, meta: opts.meta },
      tx,
    );
  const describe = (r: typeof hostResources.$inferSelect) => `${r.name} (${r.kind} ${r.path}, ${r.mode})`;
  const granted = (r: typeof hostResources.$inferSelect) =>
    coded('audit.host_resource_granted', { resource: describe(r), version: opts.version });
  const grantedAgain = (r: typeof hostResources.$inferSelect) =>
    coded('audit.host_resource_granted_again', { resource: describe(r), version: opts.version });

  for (const r of newRows) {
    await tx
      .insert(scriptHostResources)
      .values({ scriptId: opts.scriptId, resourceId: r.id, state: 'granted', grantedBy, scriptVersion: opts.version });
    await audit('host_resource.grant', granted(r));
  }
  const suspended: string[] = [];
  for (const [name, e] of byName) {
    const where = and(
      eq(scriptHostResources.scriptId, opts.scriptId),
      eq(scriptHostResources.resourceId, e.resource.id),
    );
    if (!wanted.includes(name)) {
      await tx.delete(scriptHostResources).where(where);
      await audit('host_resource.revoke', coded('audit.host_resource_removed', { resource: describe(e.resource) }));
      continue;
    }
    const mayGrant = canGrant(opts.actor, e.resource);
    if (e.state === 'suspended') {
      if (mayGrant && opts.names !== undefined) {
        await tx
          .update(scriptHostResources)
          .set({ state: 'granted', grantedBy, grantedAt: sql`now()`, scriptVersion: opts.version, reason: '' })
          .where(where);
        await audit('host_resource.grant', grantedAgain(e.resource));
      } else {
        suspended.push(name);
      }
      continue;
    }
    if (opts.contentChanged && !mayGrant) {
      const reason = `version ${opts.version} was saved by ${who}, who may not grant ${name}: an administrator must review it and grant it again`;
      await tx
        .update(scriptHostResources)
        .set({ state: 'suspended', scriptVersion: opts.version, reason })
        .where(where);
      const note = coded('audit.host_resource_suspended', { resource: describe(e.resource), detail: reason });
      await audit('host_resource.suspend', note);
      suspended.push(name);
    } else if (opts.contentChanged) {
      // The saver may grant it: the grant now covers the new content.
      await tx
        .update(scriptHostResources)
        .set({ grantedBy, grantedAt: sql`now()`, scriptVersion: opts.version })
        .where(where);
    }
  }
  return { suspended };
}

/** After a save that left grants suspended: an active script goes back to draft (unattended runs stop). */
export async function dropToDraftIfSuspended(
  tx: DbOrTx,
  opts: { actor: Actor; meta?: RequestMeta; scriptId: string; suspended: string[] },
) {
  if (!opts.suspended.length) return null;
  const [row] = await tx
    .update(scripts)
    .set({ status: 'draft', updatedAt: sql`now()` })
    .where(and(eq(scripts.id, opts.scriptId), eq(scripts.status, 'active')))
    .returning();
  if (row) {
    await writeAudit(
      {
        actor: opts.actor,
        action: 'script.status',
        entityType: 'script',
        entityId: opts.scriptId,
        meta: opts.meta,
        summary: coded('audit.host_resource_awaits_grant', { names: opts.suspended.join(', ') }),
      },
      tx,
    );
  }
  return row ?? null;
}
