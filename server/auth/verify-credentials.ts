import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import { writeAudit } from '@/server/audit/write-audit';
import type { RequestMeta, Role } from './actor';
import { verifyPassword } from './passwords';
import { credentialsInput } from './users.schema';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string; role: Role; tokenVersion: number } }
  | { ok: false; reason: 'invalid' | 'locked' | 'disabled' };

/**
 * Counts failures per account and locks it for a while after MAX_FAILED_LOGINS, so a password
 * cannot be guessed online. The answer never says whether the email exists.
 */
export async function verifyCredentials(raw: unknown, meta: RequestMeta = {}): Promise<SignInResult> {
  const parsed = credentialsInput.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  const { email, password } = parsed.data;
  const [user] = await db().select().from(users).where(eq(users.email, email)).limit(1);
  const audit = (action: string, summary: string, id?: string) =>
    writeAudit({ actor: { type: 'system', reason: 'sign-in' }, action, entityType: 'user', entityId: id ?? null, summary, meta });
  if (!user) {
    await audit('auth.login_failed', `unknown account ${email}`);
    return { ok: false, reason: 'invalid' };
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    await audit('auth.login_locked', `locked account ${email}`, user.id);
    return { ok: false, reason: 'locked' };
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    // Once a lock has run out the count starts again, so one typo does not lock the account anew.
    const failures = sql`(case when ${users.lockedUntil} is not null and ${users.lockedUntil} <= now() then 0 else ${users.failedLogins} end) + 1`;
    const [after] = await db()
      .update(users)
      .set({
        failedLogins: failures,
        lockedUntil: sql`case when ${failures} >= ${MAX_FAILED_LOGINS} then now() + make_interval(mins => ${LOCKOUT_MINUTES}) else null end`,
      })
      .where(eq(users.id, user.id))
      .returning({ failedLogins: users.failedLogins });
    await audit('auth.login_failed', `wrong password for ${email} (${after?.failedLogins ?? '?'} in a row)`, user.id);
    return { ok: false, reason: 'invalid' };
  }
  if (user.disabled) {
    await audit('auth.login_failed', `disabled account ${email}`, user.id);
    return { ok: false, reason: 'disabled' };
  }
  await db().update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() }).where(eq(users.id, user.id));
  await audit('auth.login', `signed in ${email}`, user.id);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role, tokenVersion: user.tokenVersion } };
}
