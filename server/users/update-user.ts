import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { coded } from '@/server/messages/messages.shared';
import { AppError } from '@/server/errors/app-error';
import { raiseApiKeyEpoch } from '@/server/apikeys/api-key-cache';
import { toDto } from './user-dto';
import { updateUserInput, type UserDto } from './users.schema';

export async function updateUser(opts: {
  actor: Actor;
  input: z.input<typeof updateUserInput>;
  meta?: RequestMeta;
}): Promise<UserDto> {
  assertCan(opts.actor, 'user.manage');
  const parsed = updateUserInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { id, patch } = parsed.data;
  if (
    opts.actor.type === 'user' &&
    opts.actor.id === id &&
    (patch.disabled || (patch.role && patch.role !== 'admin'))
  ) {
    throw new AppError('CONFLICT', 'you cannot disable or demote your own account');
  }
  // A change of role or status ends the user's sessions (server/auth/session-actor.ts); a rename does not.
  const endsSessions = patch.role !== undefined || patch.disabled !== undefined;
  const [u] = await db()
    .update(users)
    .set({ ...patch, ...(endsSessions ? { tokenVersion: sql`${users.tokenVersion} + 1` } : {}), updatedAt: sql`now()` })
    .where(eq(users.id, id))
    .returning();
  if (!u) throw AppError.notFound('user', id);
  // The user's API keys follow at their next request, in every web process (server/apikeys/api-key-cache.ts).
  if (endsSessions) await raiseApiKeyEpoch('user.update');
  const what = Object.entries(patch)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
  await writeAudit({
    actor: opts.actor,
    action: patch.role ? 'user.role_change' : 'user.update',
    entityType: 'user',
    entityId: id,
    summary: coded('audit.user_updated', { email: u.email, changes: what }),
    meta: opts.meta,
  });
  return toDto(u);
}
