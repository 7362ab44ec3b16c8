import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import { writeAudit } from '@/server/audit/write-audit';
import { env } from '@/server/env';
import { redis } from '@/server/queue/connection';
import type { RequestMeta, Role } from './actor';
import { buckets, clearBuckets, recordFailure, secondsOf, waitBefore } from './guess-throttle';
import { hashPassword, verifyPassword } from './passwords';
import { credentialsInput } from './users.schema';
import { coded, type CodedMessage, type MessageParams } from '@/server/messages/messages.shared';

let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword('not-a-password-of-anyone'));

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string; role: Role; tokenVersion: number } }
  | { ok: false; reason: 'invalid' | 'disabled' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Guessing is slowed, never turned into a lock-out: failures are counted per (account, client
 * address) and per client address (guess-throttle.ts), each further failure doubles the wait for
 * that bucket, and an attempt inside the wait is answered "try again in N s" without checking the
 * password. The owner signing in from another address is not slowed by an attacker's failures.
 * Failures and throttled attempts are audited with the address. The answer never says whether
 * the email exists.
 */
export async function verifyCredentials(raw: unknown, meta: RequestMeta = {}): Promise<SignInResult> {
  const parsed = credentialsInput.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  const { email, password } = parsed.data;
  const ip = meta.ip ?? null;
  // Without an address the text names it through a code, so the UI says so in its language.
  const from: MessageParams = ip ? { from: ip } : { from_code: 'audit.unknown_address' };
  const pair = buckets.accountAtAddress(email, ip);
  const throttle = [pair, buckets.signInAddress(ip)];
  const [user] = await db().select().from(users).where(eq(users.email, email)).limit(1);
  const audit = (action: string, summary: CodedMessage) =>
    writeAudit({
      actor: { type: 'system', reason: 'sign-in' },
      action,
      entityType: 'user',
      entityId: user?.id ?? null,
      summary,
      meta,
    });

  const wait = await waitBefore(throttle);
  if (wait > 0) {
    const retryAfterSeconds = secondsOf(wait);
    // One audit row per wait and bucket, so a flood of refused attempts cannot flood the log.
    const first = await redis().set(`${env().QUEUE_PREFIX}:guess:noted:${pair.key}`, '1', 'PX', wait, 'NX');
    if (first === 'OK') {
      await audit(
        'auth.login_throttled',
        coded('audit.login_throttled', { email, ...from, seconds: retryAfterSeconds }),
      );
    }
    return { ok: false, reason: 'throttled', retryAfterSeconds };
  }

  // An unknown account costs the same argon2 check as a wrong password, so timing does not tell them apart.
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  if (!user || !passwordOk) {
    const next = await recordFailure(throttle);
    const wait: MessageParams | null = next > 0 ? { seconds: secondsOf(next) } : null;
    if (!user) {
      const unknown = coded(wait ? 'audit.login_unknown_wait' : 'audit.login_unknown', { email, ...from, ...wait });
      await audit('auth.login_failed', unknown);
      return { ok: false, reason: 'invalid' };
    }
    const [after] = await db()
      .update(users)
      .set({ failedLogins: sql`${users.failedLogins} + 1` })
      .where(eq(users.id, user.id))
      .returning({ failedLogins: users.failedLogins });
    const count = after?.failedLogins ?? '?';
    const wrong = coded(wait ? 'audit.login_wrong_password_wait' : 'audit.login_wrong_password', {
      email,
      ...from,
      count,
      ...wait,
    });
    await audit('auth.login_failed', wrong);
    return { ok: false, reason: 'invalid' };
  }
  if (user.disabled) {
    await audit('auth.login_failed', coded('audit.login_disabled', { email, ...from }));
    return { ok: false, reason: 'disabled' };
  }
  await clearBuckets([pair]);
  await db()
    .update(users)
    .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() })
    .where(eq(users.id, user.id));
  await audit('auth.login', coded('audit.login', { email, ...from }));
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, role: user.role, tokenVersion: user.tokenVersion },
  };
}
