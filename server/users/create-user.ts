import type { z } from 'zod';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { hashPassword } from '@/server/auth/passwords';
import { writeAudit } from '@/server/audit/write-audit';
import { coded } from '@/server/messages/messages.shared';
import { AppError, isUniqueViolation } from '@/server/errors/app-error';
import { toDto } from './user-dto';
import { createUserInput, type UserDto } from './users.schema';

export async function createUser(opts: {
  actor: Actor;
  input: z.input<typeof createUserInput>;
  meta?: RequestMeta;
}): Promise<UserDto> {
  assertCan(opts.actor, 'user.manage');
  const parsed = createUserInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const i = parsed.data;
  try {
    const [u] = await db()
      .insert(users)
      .values({ email: i.email, name: i.name, role: i.role, passwordHash: await hashPassword(i.password) })
      .returning();
    await writeAudit({
      actor: opts.actor,
      action: 'user.create',
      entityType: 'user',
      entityId: u!.id,
      summary: coded('audit.user_created', { email: i.email, role_code: `role.${i.role}` }),
      meta: opts.meta,
    });
    return toDto(u!);
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', `a user with email ${i.email} already exists`, {
        details: [{ field: 'email', message: 'already exists' }],
      });
    throw err;
  }
}
