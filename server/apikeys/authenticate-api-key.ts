import { and, eq, isNull, sql } from 'drizzle-orm';
import { timingSafeEqual } from 'node:crypto';
import { db } from '@/db/client';
import { apiKeys, users } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { roleRank } from '@/server/auth/permissions';
import { hashApiKey } from './api-key-dto';

export type ApiKeyCheck = { ok: true; actor: Actor; expiresAt: Date | null } | { ok: false; reason: string };

/**
 * Resolves a presented key to an actor from the database: unknown, revoked, expired or disabled-owner
 * keys are refused. REST requests come through server/rest/authenticate-request.ts, which caches it.
 */
export async function authenticateApiKey(presented: string): Promise<ApiKeyCheck> {
  const m = /^(vss_[0-9a-f]{12})_[A-Za-z0-9_-]{20,}$/.exec(presented);
  if (!m) return { ok: false, reason: 'malformed API key' };
  const [row] = await db()
    .select({ k: apiKeys, disabled: users.disabled, ownerRole: users.role })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(and(eq(apiKeys.prefix, m[1]!), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) return { ok: false, reason: 'unknown or revoked API key' };
  const a = Buffer.from(row.k.keyHash, 'hex');
  const b = Buffer.from(hashApiKey(presented), 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, reason: 'unknown or revoked API key' };
  if (row.k.expiresAt && row.k.expiresAt <= new Date()) return { ok: false, reason: 'API key expired' };
  if (row.disabled) return { ok: false, reason: 'the key owner is disabled' };
  // A key never acts above its owner's current role, even if the owner was demoted after creating it.
  const role = roleRank[row.k.role] <= roleRank[row.ownerRole] ? row.k.role : row.ownerRole;
  void db()
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(eq(apiKeys.id, row.k.id))
    .catch(() => undefined);
  return {
    ok: true,
    actor: { type: 'api_key', id: row.k.id, userId: row.k.userId, name: row.k.name, role },
    expiresAt: row.k.expiresAt,
  };
}
