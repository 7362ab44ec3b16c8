import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { auditLogs, type users } from '@/db/schema';
import type { RecentFailures, UserDto } from './users.schema';

export const toDto = (u: typeof users.$inferSelect): UserDto => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  disabled: u.disabled,
  locked: !!u.lockedUntil && u.lockedUntil > new Date(),
  last_login_at: u.lastLoginAt?.toISOString() ?? null,
  created_at: u.createdAt.toISOString(),
});

/** Per user: failed and throttled sign-ins of the last 24 hours, how many addresses, the latest. */
export async function recentFailures(): Promise<Map<string, RecentFailures>> {
  const rows = await db()
    .select({
      id: auditLogs.entityId,
      count: sql<number>`count(*)::int`,
      lastAt: sql<Date>`max(${auditLogs.at})`,
      lastIp: sql<string | null>`(array_agg(${auditLogs.ip} order by ${auditLogs.at} desc))[1]`,
      addresses: sql<number>`count(distinct ${auditLogs.ip})::int`,
    })
    .from(auditLogs)
    .where(
      and(
        eq(auditLogs.entityType, 'user'),
        inArray(auditLogs.action, ['auth.login_failed', 'auth.login_throttled']),
        gt(auditLogs.at, sql`now() - interval '24 hours'`),
      ),
    )
    .groupBy(auditLogs.entityId);
  return new Map(
    rows
      .filter((r) => r.id)
      .map((r) => [
        r.id!,
        { count: r.count, last_at: new Date(r.lastAt).toISOString(), last_ip: r.lastIp, addresses: r.addresses },
      ]),
  );
}
