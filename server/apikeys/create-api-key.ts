import { randomBytes } from 'node:crypto';
import { db } from '@/db/client';
import { apiKeys } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan, roleOf, roleRank } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import { coded } from '@/server/messages/messages.shared';
import { hashApiKey, toDto } from './api-key-dto';
import { createApiKeyInput, type ApiKeyDto, type CreateApiKeyInput } from './apikeys.schema';

/** The key is returned once, here; only its hash and a display prefix are stored. */
export async function createApiKey(opts: {
  actor: Actor;
  input: CreateApiKeyInput;
  meta?: RequestMeta;
}): Promise<ApiKeyDto & { key: string }> {
  assertCan(opts.actor, 'apikey.manage');
  if (opts.actor.type !== 'user') throw new AppError('FORBIDDEN', 'API keys are created by signed-in users');
  const parsed = createApiKeyInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const input = parsed.data;
  if (roleRank[input.role] > roleRank[roleOf(opts.actor)]) {
    throw new AppError(
      'FORBIDDEN',
      `a key cannot have a higher role (${input.role}) than its creator (${roleOf(opts.actor)})`,
      { details: [{ field: 'role', message: 'higher than your own role' }] },
    );
  }
  const prefix = `vss_${randomBytes(6).toString('hex')}`;
  const key = `${prefix}_${randomBytes(24).toString('base64url')}`;
  const [row] = await db()
    .insert(apiKeys)
    .values({
      userId: opts.actor.id,
      name: input.name,
      role: input.role,
      prefix,
      keyHash: hashApiKey(key),
      expiresAt: input.expires_at,
    })
    .returning();
  await writeAudit({
    actor: opts.actor,
    action: 'apikey.create',
    entityType: 'api_key',
    entityId: row!.id,
    summary: coded('audit.apikey_created', { name: input.name, role_code: `role.${input.role}`, prefix }),
    meta: opts.meta,
  });
  return { ...toDto(row!, opts.actor.email), key };
}
