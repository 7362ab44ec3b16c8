import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { db } from '@/db/client';
import { apiKeys, users } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan, roleOf, roleRank } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { raiseApiKeyEpoch } from './api-key-cache';
import { AppError } from '@/server/errors/app-error';
import { apiKeyDto, createApiKeyInput, type ApiKeyDto, type CreateApiKeyInput } from './apikeys.schema';
import { coded } from '@/server/messages/messages.shared';

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');
const hash = hashApiKey;

function toDto(r: typeof apiKeys.$inferSelect, email: string | null): ApiKeyDto {
  return apiKeyDto.parse({
    id: r.id, name: r.name, role: r.role, prefix: r.prefix, user_email: email,
    expires_at: r.expiresAt?.toISOString() ?? null, revoked_at: r.revokedAt?.toISOString() ?? null,
    last_used_at: r.lastUsedAt?.toISOString() ?? null, created_at: r.createdAt.toISOString(),
  });
}

/** The key is returned once, here; only its hash and a display prefix are stored. */
export async function createApiKey(opts: { actor: Actor; input: CreateApiKeyInput; meta?: RequestMeta }): Promise<ApiKeyDto & { key: string }> {
  assertCan(opts.actor, 'apikey.manage');
  if (opts.actor.type !== 'user') throw new AppError('FORBIDDEN', 'API keys are created by signed-in users');
  const parsed = createApiKeyInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const input = parsed.data;
  if (roleRank[input.role] > roleRank[roleOf(opts.actor)]) {
    throw new AppError('FORBIDDEN', `a key cannot have a higher role (${input.role}) than its creator (${roleOf(opts.actor)})`, { details: [{ field: 'role', message: 'higher than your own role' }] });
  }
  const prefix = `vss_${randomBytes(6).toString('hex')}`;
  const key = `${prefix}_${randomBytes(24).toString('base64url')}`;
  const [row] = await db()
    .insert(apiKeys)
    .values({ userId: opts.actor.id, name: input.name, role: input.role, prefix, keyHash: hash(key), expiresAt: input.expires_at })
    .returning();
  await writeAudit({ actor: opts.actor, action: 'apikey.create', entityType: 'api_key', entityId: row!.id, summary: coded('audit.apikey_created', { name: input.name, role_code: `role.${input.role}`, prefix }), meta: opts.meta });
  return { ...toDto(row!, opts.actor.email), key };
}

/** Admins see every key; others see their own. */
export async function listApiKeys(opts: { actor: Actor }): Promise<ApiKeyDto[]> {
  assertCan(opts.actor, 'apikey.manage');
  const own = opts.actor.type === 'user' && opts.actor.role !== 'admin' ? eq(apiKeys.userId, opts.actor.id) : undefined;
  const rows = await db().select({ k: apiKeys, email: users.email }).from(apiKeys).leftJoin(users, eq(users.id, apiKeys.userId)).where(own).orderBy(desc(apiKeys.createdAt));
  return rows.map((r) => toDto(r.k, r.email));
}

export async function revokeApiKey(opts: { actor: Actor; id: string; meta?: RequestMeta }): Promise<ApiKeyDto> {
  assertCan(opts.actor, 'apikey.manage');
  const [row] = await db().select().from(apiKeys).where(eq(apiKeys.id, opts.id)).limit(1);
  if (!row) throw AppError.notFound('api key', opts.id);
  const isOwner = opts.actor.type === 'user' && row.userId === opts.actor.id;
  if (!isOwner && roleOf(opts.actor) !== 'admin') throw new AppError('FORBIDDEN', 'only the owner or an admin can revoke this key');
  const [updated] = await db().update(apiKeys).set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` }).where(eq(apiKeys.id, opts.id)).returning();
  await writeAudit({ actor: opts.actor, action: 'apikey.revoke', entityType: 'api_key', entityId: opts.id, summary: coded('audit.apikey_revoked', { name: row.name, prefix: row.prefix }), meta: opts.meta });
  // Before the answer: a request after it, to any web process, must not be served from a cache.
  await raiseApiKeyEpoch('apikey.revoke');
  const [owner] = await db().select({ email: users.email }).from(users).where(eq(users.id, row.userId)).limit(1);
  return toDto(updated!, owner?.email ?? null);
}

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
  const b = Buffer.from(hash(presented), 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, reason: 'unknown or revoked API key' };
  if (row.k.expiresAt && row.k.expiresAt <= new Date()) return { ok: false, reason: 'API key expired' };
  if (row.disabled) return { ok: false, reason: 'the key owner is disabled' };
  // A key never acts above its owner's current role, even if the owner was demoted after creating it.
  const role = roleRank[row.k.role] <= roleRank[row.ownerRole] ? row.k.role : row.ownerRole;
  void db().update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, row.k.id)).catch(() => undefined);
  return { ok: true, actor: { type: 'api_key', id: row.k.id, userId: row.k.userId, name: row.k.name, role }, expiresAt: row.k.expiresAt };
}

