import { createHash } from 'node:crypto';
import type { apiKeys } from '@/db/schema';
import { apiKeyDto, type ApiKeyDto } from './apikeys.schema';

/** Only this hash of a key is stored. */
export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

export function toDto(r: typeof apiKeys.$inferSelect, email: string | null): ApiKeyDto {
  return apiKeyDto.parse({
    id: r.id,
    name: r.name,
    role: r.role,
    prefix: r.prefix,
    user_email: email,
    expires_at: r.expiresAt?.toISOString() ?? null,
    revoked_at: r.revokedAt?.toISOString() ?? null,
    last_used_at: r.lastUsedAt?.toISOString() ?? null,
    created_at: r.createdAt.toISOString(),
  });
}
