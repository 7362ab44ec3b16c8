import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { clearMatching } from '@/server/auth/guess-throttle';
import { hashPassword } from '@/server/auth/passwords';
import { writeAudit } from '@/server/audit/write-audit';
import { coded } from '@/server/messages/messages.shared';
import { AppError } from '@/server/errors/app-error';
import { toDto } from './user-dto';
import { resetPasswordInput, type UserDto } from './users.schema';

export async function resetUserPassword(opts: {
  actor: Actor;
  input: z.input<typeof resetPasswordInput>;
  meta?: RequestMeta;
}): Promise<UserDto> {
  assertCan(opts.actor, 'user.manage');
  const parsed = resetPasswordInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const [u] = await db()
    .update(users)
    // A new password ends every session signed with the old one.
    .set({
      passwordHash: await hashPassword(parsed.data.password),
      failedLogins: 0,
      lockedUntil: null,
      tokenVersion: sql`${users.tokenVersion} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(users.id, parsed.data.id))
    .returning();
  if (!u) throw AppError.notFound('user', parsed.data.id);
  await clearMatching({ email: u.email }); // the account's sign-in waits, at every address
  await writeAudit({
    actor: opts.actor,
    action: 'user.password_reset',
    entityType: 'user',
    entityId: u.id,
    summary: coded('audit.password_reset', { email: u.email }),
    meta: opts.meta,
  });
  return toDto(u);
}
