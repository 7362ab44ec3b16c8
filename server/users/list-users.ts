import { asc } from 'drizzle-orm';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { recentFailures, toDto } from './user-dto';
import type { UserDto } from './users.schema';

export async function listUsers(opts: { actor: Actor }): Promise<UserDto[]> {
  assertCan(opts.actor, 'user.manage');
  const [rows, failures] = await Promise.all([db().select().from(users).orderBy(asc(users.email)), recentFailures()]);
  return rows.map((u) => ({ ...toDto(u), recent_failures: failures.get(u.id) ?? null }));
}
