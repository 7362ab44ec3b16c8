import { runMigrations } from '@/db/migrate';
import { env, requireEnv } from '@/server/env';
import { ensureFirstAdminFromEnv } from '@/server/auth/create-first-admin';
import { unlockSignIn } from '@/server/auth/unlock-sign-in';
import { logger } from '@/server/log/logger';
import { seedBuiltinTemplates } from '@/server/templates/seed-builtin-templates';

/**
 * What every process does before serving: apply migrations (one process at a time, the others
 * wait on an advisory lock) and seed what must exist. Idempotent, so web and workers all call it.
 */
export async function bootstrap(processName: 'web' | 'worker'): Promise<void> {
  const started = Date.now();
  await runMigrations(requireEnv('DATABASE_URL'));
  const e = env();
  const created = await ensureFirstAdminFromEnv(e.ADMIN_EMAIL, e.ADMIN_PASSWORD);
  if (created) logger().info({ email: e.ADMIN_EMAIL }, 'first admin created from ADMIN_EMAIL');
  if (e.UNLOCK_SIGN_IN && processName === 'web') {
    const r = await unlockSignIn(e.UNLOCK_SIGN_IN === '*' ? 'all' : { email: e.UNLOCK_SIGN_IN }, 'UNLOCK_SIGN_IN at start-up');
    logger().warn({ target: e.UNLOCK_SIGN_IN, ...r }, 'sign-in unlocked by UNLOCK_SIGN_IN; remove it from the environment');
  }
  await seedBuiltinTemplates();
  logger().info({ process: processName, ms: Date.now() - started }, 'bootstrap done');
}
