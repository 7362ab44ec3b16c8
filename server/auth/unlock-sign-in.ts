import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import { writeAudit } from '@/server/audit/write-audit';
import { clearMatching } from './guess-throttle';
import { coded } from '@/server/messages/messages.shared';

/**
 * Recovery: forgets every sign-in wait of one account (at all addresses), or every wait there is
 * (`all`: accounts, sign-in addresses and API-key addresses), and resets the account's failure
 * count and any lock left from older versions. Run by `npm run auth:unlock -- <email|--all>` or at
 * start-up with UNLOCK_SIGN_IN=<email|*>; audited.
 */
export async function unlockSignIn(
  target: { email: string } | 'all',
  reason: string,
): Promise<{ users: number; waits: number }> {
  const waits = await clearMatching(target === 'all' ? 'all' : { email: target.email });
  const where = target === 'all' ? sql`true` : eq(users.email, target.email.toLowerCase());
  const changed = await db()
    .update(users)
    .set({ failedLogins: 0, lockedUntil: null })
    .where(where)
    .returning({ id: users.id });
  await writeAudit({
    actor: { type: 'system', reason },
    action: 'auth.unlock',
    entityType: 'user',
    entityId: target !== 'all' && changed[0] ? changed[0].id : null,
    summary: coded('audit.sign_in_unlocked', {
      ...(target === 'all' ? { target_code: 'audit.every_account' } : { target: target.email }),
      waits,
      accounts: changed.length,
      reason,
    }),
  });
  return { users: changed.length, waits };
}
