import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { apiKeys, users } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan, roleOf } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import { coded } from '@/server/messages/messages.shared';
import { raiseApiKeyEpoch } from './api-key-cache';
import { toDto } from './api-key-dto';
import type { ApiKeyDto } from './apikeys.schema';

export async function revokeApiKey(opts: { actor: Actor; id: string; meta?: RequestMeta }): Promise<ApiKeyDto> {
  assertCan(opts.actor, 'apikey.manage');
  const [row] = await db().select().from(apiKeys).where(eq(apiKeys.id, opts.id)).limit(1);
  if (!row) throw AppError.notFound('api key', opts.id);
  const isOwner = opts.actor.type === 'user' && row.userId === opts.actor.id;
  if (!isOwner && roleOf(opts.actor) !== 'admin')
    throw new AppError('FORBIDDEN', 'only the owner or an admin can revoke this key');
  const [updated] = await db()
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(eq(apiKeys.id, opts.id))
    .returning();
  await writeAudit({
    actor: opts.actor,
    action: 'apikey.revoke',
    entityType: 'api_key',
    entityId: opts.id,
    summary: coded('audit.apikey_revoked', { name: row.name, prefix: row.prefix }),
    meta: opts.meta,
  });
  // Before the answer: a request after it, to any web process, must not be served from a cache.
  await raiseApiKeyEpoch('apikey.revoke');
  const [owner] = await db().select({ email: users.email }).from(users).where(eq(users.id, row.userId)).limit(1);
  return toDto(updated!, owner?.email ?? null);
}
