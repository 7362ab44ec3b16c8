import { getServerSession } from 'next-auth';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { authOptions } from './auth-options';

/**
 * The session cookie names a user id only; role and disabled flag are read fresh on each request
 * so a role change or a disabled account takes effect at once, not when the cookie expires.
 */
export async function actorFromSession(): Promise<Actor | null> {
  const session = (await getServerSession(authOptions)) as { uid?: string } | null;
  if (!session?.uid) return null;
  const [user] = await db()
    .select({ id: users.id, email: users.email, role: users.role, disabled: users.disabled })
    .from(users)
    .where(eq(users.id, session.uid))
    .limit(1);
  if (!user || user.disabled) return null;
  return { type: 'user', id: user.id, email: user.email, role: user.role };
}
