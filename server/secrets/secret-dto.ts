import { actorUserId, type Actor } from '@/server/auth/actor';
import { roleOf } from '@/server/auth/permissions';
import type { secrets } from '@/db/schema';
import { AppError } from '@/server/errors/app-error';
import type { SecretScope } from './secret-scope';
import type { SecretDto } from './secrets.schema';

export const toDto = (r: typeof secrets.$inferSelect): SecretDto => ({
  id: r.id,
  name: r.name,
  description: r.description,
  scope: (r.scope as SecretScope | null) ?? null,
  created_by: r.createdBy,
  created_at: r.createdAt.toISOString(),
  updated_at: r.updatedAt.toISOString(),
});

/** A scope in words, for the audit log. */
export const describeScope = (s: SecretScope | null) =>
  s
    ? `who: ${[...s.roles.map((r) => `role ${r}`), ...s.user_ids.map((u) => `user ${u}`)].join(', ')}; where: ${s.any_where ? 'anywhere' : [...s.script_ids.map((i) => `script ${i}`), ...s.workflow_ids.map((i) => `workflow ${i}`), ...s.tags.map((t) => `tag ${t}`)].join(', ')}`
    : 'none (admins only)';

/**
 * A scope decides who may read a secret into a run, so widening it is reserved: admins may scope
 * any secret, anyone else with `secret.write` only the secrets they created.
 */
export function assertMayScope(actor: Actor, row: { name: string; createdBy: string | null }) {
  if (roleOf(actor) === 'admin') return;
  const uid = actorUserId(actor);
  if (!uid || uid !== row.createdBy)
    throw new AppError('FORBIDDEN', `only an admin or its creator may change the scope of secret ${row.name}`);
}
