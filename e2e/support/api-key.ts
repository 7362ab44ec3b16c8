import { eq } from 'drizzle-orm';
import { inject } from 'vitest';
import type { Role } from '@/server/auth/actor';

/**
 * Creates an API key for the e2e admin through the real service, talking to the same database as
 * the app under test (the UI path for keys has its own test).
 */
export async function createKey(role: Role, name = `e2e-${role}-${Date.now()}`): Promise<string> {
  process.env.DATABASE_URL = inject('databaseUrl');
  process.env.REDIS_URL = inject('redisUrl');
  process.env.QUEUE_PREFIX = inject('queuePrefix');
  process.env.AUTH_SECRET ??= 'e2e-secret-e2e-secret-e2e-secret';
  const { db } = await import('@/db/client');
  const { users } = await import('@/db/schema');
  const { createApiKey } = await import('@/server/apikeys/create-api-key');
  const [admin] = await db()
    .select()
    .from(users)
    .where(eq(users.email, inject('adminEmail')));
  const key = await createApiKey({
    actor: { type: 'user', id: admin!.id, email: admin!.email, role: 'admin' },
    input: { name, role },
  });
  return key.key;
}
