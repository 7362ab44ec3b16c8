import { and, eq, isNull, or, type SQL } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { scriptTemplates } from '@/db/schema';
import { actorUserId, type Actor } from '@/server/auth/actor';
import { can, roleOf } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import type { TemplateRow } from './template-dto';

/**
 * Who sees and who changes a template. Built-in and shared templates are visible to every reader;
 * a private one only to its owner (and admins). Built-ins are read-only for everyone; others may
 * be changed by their owner or an admin.
 */
export function isAdmin(actor: Actor): boolean {
  return roleOf(actor) === 'admin';
}

export function canSee(actor: Actor, row: Pick<TemplateRow, 'visibility' | 'ownerId'>): boolean {
  if (row.visibility !== 'private' || isAdmin(actor)) return true;
  const me = actorUserId(actor);
  return me !== null && row.ownerId === me;
}

export function canChange(actor: Actor, row: Pick<TemplateRow, 'visibility' | 'ownerId'>): boolean {
  if (row.visibility === 'builtin') return false;
  if (isAdmin(actor)) return true;
  const me = actorUserId(actor);
  return me !== null && row.ownerId === me;
}

/** What the DTO's `editable` says: the actor has the right and the template allows it. */
export function editableBy(actor: Actor, row: Pick<TemplateRow, 'visibility' | 'ownerId'>): boolean {
  return can(actor, 'template.write') && canChange(actor, row);
}

/** SQL twin of canSee, for lists. */
export function visibleTo(actor: Actor): SQL | undefined {
  if (isAdmin(actor)) return undefined;
  const me = actorUserId(actor);
  const open = or(eq(scriptTemplates.visibility, 'builtin'), eq(scriptTemplates.visibility, 'shared'))!;
  return me ? or(open, eq(scriptTemplates.ownerId, me)) : open;
}

/** A live template the actor may see; a private template of someone else is "not found". */
export async function getVisibleTemplateRow(
  actor: Actor,
  id: string,
  tx: DbOrTx = db(),
  opts: { forUpdate?: boolean } = {},
): Promise<TemplateRow> {
  const q = tx
    .select()
    .from(scriptTemplates)
    .where(and(eq(scriptTemplates.id, id), isNull(scriptTemplates.deletedAt)))
    .limit(1);
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row || !canSee(actor, row)) throw AppError.notFound('template', id);
  return row;
}

export function assertCanChange(actor: Actor, row: TemplateRow): void {
  if (row.visibility === 'builtin')
    throw new AppError('FORBIDDEN', `template "${row.name}" is built in and read-only; save a copy to change it`);
  if (!canChange(actor, row))
    throw new AppError('FORBIDDEN', `only the owner of template "${row.name}" or an admin may change it`);
}
