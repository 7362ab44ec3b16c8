import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Actor } from '@/server/auth/actor';
import { authOptions } from '@/server/session/auth-options';
import { createTestActor } from '@/server/test/fixtures';
import { createUser } from '@/server/users/create-user';
import { resetUserPassword } from '@/server/users/reset-user-password';
import { updateUser } from '@/server/users/update-user';
import { actorForSession, type SessionClaims } from '../session-actor';
import { verifyCredentials } from '../verify-credentials';

let admin: Actor;
beforeAll(async () => {
  admin = await createTestActor('admin');
});

const PASSWORD = 'a-long-password-1';

/** Signs in as next-auth does: credentials → authorize's user → the jwt and session callbacks. */
async function signIn(email: string, password = PASSWORD): Promise<SessionClaims> {
  const r = await verifyCredentials({ email, password });
  if (!r.ok) throw new Error(`sign-in failed: ${r.reason}`);
  const user = { id: r.user.id, email: r.user.email, name: r.user.name, tv: r.user.tokenVersion };
  const cb = authOptions.callbacks!;
  const token = await cb.jwt!({ token: {}, user, account: null, trigger: 'signIn' } as never);
  const session = await cb.session!({ session: { expires: '' }, token, user } as never);
  return session as SessionClaims;
}

async function newUser(role: 'operator' | 'editor' = 'operator') {
  const email = `sess-${randomUUID().slice(0, 8)}@test.local`;
  const u = await createUser({ actor: admin, input: { email, role, password: PASSWORD } });
  return { id: u.id, email };
}

describe('sessions end when password, role or status changes', () => {
  it('a session is valid until then; a rename does not end it', async () => {
    const u = await newUser();
    const claims = await signIn(u.email);
    expect(claims.tv).toBe(0);
    expect(await actorForSession(claims)).toMatchObject({ type: 'user', id: u.id, role: 'operator' });
    await updateUser({ actor: admin, input: { id: u.id, patch: { name: 'Renamed' } } });
    expect(await actorForSession(claims)).toMatchObject({ id: u.id });
  });

  it('a role change ends existing sessions; signing in again works with the new role', async () => {
    const u = await newUser();
    const claims = await signIn(u.email);
    await updateUser({ actor: admin, input: { id: u.id, patch: { role: 'editor' } } });
    expect(await actorForSession(claims)).toBeNull();
    expect(await actorForSession(await signIn(u.email))).toMatchObject({ role: 'editor' });
  });

  it('disabling ends sessions, and enabling again does not bring the old ones back', async () => {
    const u = await newUser();
    const claims = await signIn(u.email);
    await updateUser({ actor: admin, input: { id: u.id, patch: { disabled: true } } });
    expect(await actorForSession(claims)).toBeNull();
    await updateUser({ actor: admin, input: { id: u.id, patch: { disabled: false } } });
    expect(await actorForSession(claims)).toBeNull();
    expect(await actorForSession(await signIn(u.email))).toMatchObject({ id: u.id });
  });

  it('a password reset ends sessions; the new password signs in', async () => {
    const u = await newUser();
    const claims = await signIn(u.email);
    await resetUserPassword({ actor: admin, input: { id: u.id, password: 'another-password-2' } });
    expect(await actorForSession(claims)).toBeNull();
    await expect(signIn(u.email)).rejects.toThrow(/invalid/);
    expect(await actorForSession(await signIn(u.email, 'another-password-2'))).toMatchObject({ id: u.id });
  });

  it('a cookie signed before token versions existed stays valid until the first change', async () => {
    const u = await newUser();
    expect(await actorForSession({ uid: u.id })).toMatchObject({ id: u.id });
    await updateUser({ actor: admin, input: { id: u.id, patch: { role: 'viewer' } } });
    expect(await actorForSession({ uid: u.id })).toBeNull();
  });
});
