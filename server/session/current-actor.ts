import { getServerSession } from 'next-auth';
import type { Actor } from '@/server/auth/actor';
import { actorForSession, type SessionClaims } from '@/server/auth/session-actor';
import { authOptions } from './auth-options';

/**
 * The session cookie names a user id and a token version only; role, status and the current token
 * version are read on each request (server/auth/session-actor.ts), so a password, role or status
 * change ends existing sessions at once, not when the cookie expires.
 */
export async function actorFromSession(): Promise<Actor | null> {
  return actorForSession((await getServerSession(authOptions)) as SessionClaims | null);
}
