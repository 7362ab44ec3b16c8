import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor } from './actor';

/** What a session cookie (next-auth JWT) carries: the user id and the token version it was signed with. */
export interface SessionClaims {
  uid?: string;
  /** `users.token_version` at sign-in; absent in cookies signed before token versions existed (= 0). */
  tv?: number;
}

/**
 * The actor a session stands for, checked on every request: the user must still exist and be
 * enabled, and its token version must be the one the cookie was signed with. Every change of
 * password, role or status raises the version, so every session signed before it ends at once.
 * Role and status are read fresh, never taken from the cookie.
 */
export async function actorForSession(claims: SessionClaims | null | undefined): Promise<Actor | null> {
  if (!claims?.uid) return null;
  const [user] = await db()
    .select({
      id: users.id,
      email: users.email,
      role: users.role,
      disabled: users.disabled,
      tokenVersion: users.tokenVersion,
    })
    .from(users)
    .where(eq(users.id, claims.uid))
    .limit(1);
  if (!user || user.disabled) return null;
  if ((claims.tv ?? 0) !== user.tokenVersion) return null;
  return { type: 'user', id: user.id, email: user.email, role: user.role };
}
