import { randomUUID } from 'node:crypto';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor, Role } from '@/server/auth/actor';

/** A real user row (scripts and audit rows reference it) and the actor that stands for it. */
export async function createTestActor(role: Role = 'admin'): Promise<Actor & { type: 'user' }> {
  const email = `${role}-${randomUUID().slice(0, 8)}@test.local`;
  const [u] = await db().insert(users).values({ email, passwordHash: 'not-a-hash', role }).returning();
  return { type: 'user', id: u!.id, email, role };
}

export const uniqueName = (prefix = 'script') => `${prefix} ${randomUUID().slice(0, 8)}`;
