import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import { createTestActor } from '@/server/test/fixtures';
import { createUser, listUsers, resetUserPassword, updateUser } from '@/server/users/users';
import type { Actor } from '../actor';
import { MAX_FAILED_LOGINS, verifyCredentials } from '../verify-credentials';

let admin: Actor & { type: 'user' };
const password = 'correct-horse-42';

async function newUser() {
  const email = `lock-${randomUUID().slice(0, 8)}@test.local`;
  const u = await createUser({ actor: admin, input: { email, role: 'operator', password } });
  return { ...u, email };
}

const row = async (id: string) => (await db().select().from(users).where(eq(users.id, id)))[0]!;
const lockedInList = async (id: string) => (await listUsers({ actor: admin })).find((u) => u.id === id)!.locked;

beforeAll(async () => {
  admin = await createTestActor('admin');
});

describe('sign-in lockout', () => {
  it('locks after 5 wrong passwords, refuses the right one as locked, and a reset unlocks', async () => {
    expect(MAX_FAILED_LOGINS).toBe(5);
    const u = await newUser();
    for (let i = 1; i <= 4; i++) {
      expect(await verifyCredentials({ email: u.email, password: `wrong-${i}` })).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(await lockedInList(u.id)).toBe(false);
    expect(await verifyCredentials({ email: u.email, password: 'wrong-5' })).toEqual({ ok: false, reason: 'invalid' });
    expect(await lockedInList(u.id)).toBe(true);
    expect((await row(u.id)).failedLogins).toBe(5);

    expect(await verifyCredentials({ email: u.email, password })).toEqual({ ok: false, reason: 'locked' });
    expect(await verifyCredentials({ email: u.email.toUpperCase(), password })).toEqual({ ok: false, reason: 'locked' });

    await resetUserPassword({ actor: admin, input: { id: u.id, password: 'brand-new-pass-7' } });
    expect(await lockedInList(u.id)).toBe(false);
    expect(await verifyCredentials({ email: u.email, password })).toEqual({ ok: false, reason: 'invalid' }); // the old one is gone
    expect(await verifyCredentials({ email: u.email, password: 'brand-new-pass-7' })).toMatchObject({ ok: true, user: { id: u.id, role: 'operator' } });
    expect((await row(u.id)).failedLogins).toBe(0);
  });

  it('a successful sign-in before the limit clears the count', async () => {
    const u = await newUser();
    for (let i = 0; i < 4; i++) await verifyCredentials({ email: u.email, password: 'nope-nope-1' });
    expect(await verifyCredentials({ email: u.email, password })).toMatchObject({ ok: true });
    for (let i = 0; i < 4; i++) await verifyCredentials({ email: u.email, password: 'nope-nope-1' });
    expect(await verifyCredentials({ email: u.email, password })).toMatchObject({ ok: true });
    expect((await row(u.id)).lastLoginAt).not.toBeNull();
  });

  it('once a lock has expired, the account gets a fresh set of attempts', async () => {
    const u = await newUser();
    for (let i = 0; i < 5; i++) await verifyCredentials({ email: u.email, password: 'nope-nope-1' });
    expect(await verifyCredentials({ email: u.email, password })).toEqual({ ok: false, reason: 'locked' });
    await db().update(users).set({ lockedUntil: sql`now() - interval '1 second'` }).where(eq(users.id, u.id));
    // One typo after the lock ran out must not lock the account again at once.
    expect(await verifyCredentials({ email: u.email, password: 'typo-typo-1' })).toEqual({ ok: false, reason: 'invalid' });
    expect(await lockedInList(u.id)).toBe(false);
    expect(await verifyCredentials({ email: u.email, password })).toMatchObject({ ok: true });
  });

  it('refuses a disabled account only after the password is right, and does not reveal unknown emails', async () => {
    const u = await newUser();
    await updateUser({ actor: admin, input: { id: u.id, patch: { disabled: true } } });
    expect(await verifyCredentials({ email: u.email, password })).toEqual({ ok: false, reason: 'disabled' });
    expect(await verifyCredentials({ email: u.email, password: 'wrong-wrong-1' })).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyCredentials({ email: 'nobody-here@test.local', password })).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyCredentials({ email: 'not an email', password })).toEqual({ ok: false, reason: 'invalid' });
  });
});
