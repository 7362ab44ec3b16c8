import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { auditLogs, users } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError, isUniqueViolation } from '@/server/errors/app-error';
import { hashPassword, passwordSchema } from '@/server/auth/passwords';
import { clearMatching } from '@/server/auth/guess-throttle';
import { raiseApiKeyEpoch } from '@/server/apikeys/api-key-cache';
import { emailSchema, roleSchema } from '@/server/auth/users.schema';

export const createUserInput = z.object({ email: emailSchema, name: z.string().trim().max(200).default(''), role: roleSchema, password: passwordSchema });
export const updateUserInput = z.object({
  id: z.uuid(),
  patch: z.object({ name: z.string().trim().max(200), role: roleSchema, disabled: z.boolean() }).partial(),
});
export const resetPasswordInput = z.object({ id: z.uuid(), password: passwordSchema });

export interface RecentFailures { count: number; last_at: string; last_ip: string | null; addresses: number }
export interface UserDto {
  id: string; email: string; name: string; role: string; disabled: boolean; locked: boolean; last_login_at: string | null; created_at: string;
  /** Failed and throttled sign-ins of the last 24 hours (from the audit log); null when none. */
  recent_failures?: RecentFailures | null;
}

const toDto = (u: typeof users.$inferSelect): UserDto => ({
  id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled,
  locked: !!u.lockedUntil && u.lockedUntil > new Date(), last_login_at: u.lastLoginAt?.toISOString() ?? null, created_at: u.createdAt.toISOString(),
});

/** Per user: failed and throttled sign-ins of the last 24 hours, how many addresses, the latest. */
async function recentFailures(): Promise<Map<string, RecentFailures>> {
  const rows = await db()
    .select({
      id: auditLogs.entityId,
      count: sql<number>`count(*)::int`,
      lastAt: sql<Date>`max(${auditLogs.at})`,
      lastIp: sql<string | null>`(array_agg(${auditLogs.ip} order by ${auditLogs.at} desc))[1]`,
      addresses: sql<number>`count(distinct ${auditLogs.ip})::int`,
    })
    .from(auditLogs)
    .where(and(eq(auditLogs.entityType, 'user'), inArray(auditLogs.action, ['auth.login_failed', 'auth.login_throttled']), gt(auditLogs.at, sql`now() - interval '24 hours'`)))
    .groupBy(auditLogs.entityId);
  return new Map(rows.filter((r) => r.id).map((r) => [r.id!, { count: r.count, last_at: new Date(r.lastAt).toISOString(), last_ip: r.lastIp, addresses: r.addresses }]));
}

export async function listUsers(opts: { actor: Actor }): Promise<UserDto[]> {
  assertCan(opts.actor, 'user.manage');
  const [rows, failures] = await Promise.all([db().select().from(users).orderBy(asc(users.email)), recentFailures()]);
  return rows.map((u) => ({ ...toDto(u), recent_failures: failures.get(u.id) ?? null }));
}

export async function createUser(opts: { actor: Actor; input: z.input<typeof createUserInput>; meta?: RequestMeta }): Promise<UserDto> {
  assertCan(opts.actor, 'user.manage');
  const parsed = createUserInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const i = parsed.data;
  try {
    const [u] = await db().insert(users).values({ email: i.email, name: i.name, role: i.role, passwordHash: await hashPassword(i.password) }).returning();
    await writeAudit({ actor: opts.actor, action: 'user.create', entityType: 'user', entityId: u!.id, summary: `${i.email} as ${i.role}`, meta: opts.meta });
    return toDto(u!);
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', `a user with email ${i.email} already exists`, { details: [{ field: 'email', message: 'already exists' }] });
    throw err;
  }
}

export async function updateUser(opts: { actor: Actor; input: z.input<typeof updateUserInput>; meta?: RequestMeta }): Promise<UserDto> {
  assertCan(opts.actor, 'user.manage');
  const parsed = updateUserInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { id, patch } = parsed.data;
  if (opts.actor.type === 'user' && opts.actor.id === id && (patch.disabled || (patch.role && patch.role !== 'admin'))) {
    throw new AppError('CONFLICT', 'you cannot disable or demote your own account');
  }
  // A change of role or status ends the user's sessions (server/auth/session-actor.ts); a rename does not.
  const endsSessions = patch.role !== undefined || patch.disabled !== undefined;
  const [u] = await db()
    .update(users)
    .set({ ...patch, ...(endsSessions ? { tokenVersion: sql`${users.tokenVersion} + 1` } : {}), updatedAt: sql`now()` })
    .where(eq(users.id, id))
    .returning();
  if (!u) throw AppError.notFound('user', id);
  // The user's API keys follow at their next request, in every web process (server/apikeys/api-key-cache.ts).
  if (endsSessions) await raiseApiKeyEpoch('user.update');
  const what = Object.entries(patch).map(([k, v]) => `${k}=${String(v)}`).join(', ');
  await writeAudit({ actor: opts.actor, action: patch.role ? 'user.role_change' : 'user.update', entityType: 'user', entityId: id, summary: `${u.email}: ${what}`, meta: opts.meta });
  return toDto(u);
}

export async function resetUserPassword(opts: { actor: Actor; input: z.input<typeof resetPasswordInput>; meta?: RequestMeta }): Promise<UserDto> {
  assertCan(opts.actor, 'user.manage');
  const parsed = resetPasswordInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const [u] = await db()
    .update(users)
    // A new password ends every session signed with the old one.
    .set({ passwordHash: await hashPassword(parsed.data.password), failedLogins: 0, lockedUntil: null, tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: sql`now()` })
    .where(eq(users.id, parsed.data.id))
    .returning();
  if (!u) throw AppError.notFound('user', parsed.data.id);
  await clearMatching({ email: u.email }); // the account's sign-in waits, at every address
  await writeAudit({ actor: opts.actor, action: 'user.password_reset', entityType: 'user', entityId: u.id, summary: `password reset for ${u.email}`, meta: opts.meta });
  return toDto(u);
}
