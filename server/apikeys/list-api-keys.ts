import { desc, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { apiKeys, users } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { toDto } from './api-key-dto';
import type { ApiKeyDto } from './apikeys.schema';

/** Admins see every key; others see their own. */
export async function listApiKeys(opts: { actor: Actor }): Promise<ApiKeyDto[]> {
  assertCan(opts.actor, 'apikey.manage');
  const own = opts.actor.type === 'user' && opts.actor.role !== 'admin' ? eq(apiKeys.userId, opts.actor.id) : undefined;
  const rows = await db()
    .select({ k: apiKeys, email: users.email })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.userId))
    .where(own)
    .orderBy(desc(apiKeys.createdAt));
  return rows.map((r) => toDto(r.k, r.email));
}
