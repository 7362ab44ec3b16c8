import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import { AppError } from '@/server/errors/app-error';
import { systemActor, type RequestMeta } from './actor';
import { hashPassword } from './passwords';
import { setupAdminInput, type SetupAdminInput } from './users.schema';
import { writeAudit } from '@/server/audit/write-audit';
import { coded } from '@/server/messages/messages.shared';

// Serialises concurrent setup attempts so exactly one first admin can ever be created.
const SETUP_LOCK_KEY = 870_870_002;

export async function hasAnyUser(): Promise<boolean> {
  const rows = await db()
    .select({ one: sql<number>`1` })
    .from(users)
    .limit(1);
  return rows.length > 0;
}

/** Creates the first admin; refuses once any user exists (the setup page is one-time). */
export async function createFirstAdmin(opts: { input: SetupAdminInput; meta?: RequestMeta; reason?: string }) {
  const parsed = setupAdminInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const passwordHash = await hashPassword(parsed.data.password);
  return db().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK_KEY})`);
    const existing = await tx
      .select({ one: sql<number>`1` })
      .from(users)
      .limit(1);
    if (existing.length > 0) throw new AppError('CONFLICT', 'setup is already done: an account exists');
    const [user] = await tx
      .insert(users)
      .values({ email: parsed.data.email, name: parsed.data.name, passwordHash, role: 'admin' })
      .returning({ id: users.id, email: users.email });
    await writeAudit(
      {
        actor: systemActor(opts.reason ?? 'setup'),
        action: 'user.create',
        entityType: 'user',
        entityId: user!.id,
        summary: coded('audit.first_admin', { email: user!.email }),
        meta: opts.meta,
      },
      tx,
    );
    return user!;
  });
}

/** ADMIN_EMAIL/ADMIN_PASSWORD seed the first admin at start-up; a no-op once users exist. */
export async function ensureFirstAdminFromEnv(email?: string, password?: string): Promise<boolean> {
  if (!email || !password) return false;
  if (await hasAnyUser()) return false;
  try {
    await createFirstAdmin({ input: { email, password, name: 'Administrator' }, reason: 'ADMIN_EMAIL' });
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === 'CONFLICT') return false;
    throw err;
  }
}
