import { runMigrations } from '@/db/migrate';
import { env, requireEnv } from '@/server/env';
import { ensureFirstAdminFromEnv } from '@/server/auth/create-first-admin';
import { unlockSignIn } from '@/server/auth/unlock-sign-in';
import { logger } from '@/server/log/logger';
import { countUnscopedSecrets } from '@/server/secrets/count-unscoped-secrets';
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
    const r = await unlockSignIn(
      e.UNLOCK_SIGN_IN === '*' ? 'all' : { email: e.UNLOCK_SIGN_IN },
      'UNLOCK_SIGN_IN at start-up',
    );
    logger().warn(
      { target: e.UNLOCK_SIGN_IN, ...r },
      'sign-in unlocked by UNLOCK_SIGN_IN; remove it from the environment',
    );
  }
  await seedBuiltinTemplates();
  await reportUnscopedSecrets(processName);
  logger().info({ process: processName, ms: Date.now() - started }, 'bootstrap done');
}

/**
 * Secrets from before scopes existed (and any saved without one) are usable by admins only: the
 * upgrade narrows, never widens. The web process says so at every start until each has a scope.
 */
export async function reportUnscopedSecrets(processName: 'web' | 'worker'): Promise<number> {
  const unscoped = await countUnscopedSecrets();
  if (unscoped > 0 && processName === 'web') {
    logger().warn(
      { unscoped },
      `${unscoped} secret(s) have no scope and are usable by admins only: runs, schedules, triggers and workflow nodes of other users that reference them are refused until an admin gives each a scope (Settings → Secrets)`,
    );
  }
  return unscoped;
}
