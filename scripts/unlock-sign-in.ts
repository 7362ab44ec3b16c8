/**
 * `npm run auth:unlock -- admin@example.com` (or `-- --all`): clears sign-in waits and resets the
 * failure count, so an administrator can always get back in. Needs DATABASE_URL and REDIS_URL of
 * the running service; with the embedded services, restart instead with UNLOCK_SIGN_IN=<email|*>.
 */
import { env, EnvError } from '@/server/env';
import { unlockSignIn } from '@/server/auth/unlock-sign-in';
import { closeDb } from '@/db/client';
import { closeRedis } from '@/server/queue/connection';

async function main() {
  const arg = process.argv[2];
  if (!arg || arg === '--help') {
    console.error('usage: npm run auth:unlock -- <email> | --all');
    process.exit(64);
  }
  if (!env().DATABASE_URL || !env().REDIS_URL) {
    throw new EnvError(
      'DATABASE_URL and REDIS_URL must point at the running service; with embedded services, restart with UNLOCK_SIGN_IN=<email|*> instead',
    );
  }
  const r = await unlockSignIn(arg === '--all' ? 'all' : { email: arg }, 'auth:unlock command');
  console.log(`unlocked: ${r.users} account(s) reset, ${r.waits} wait(s) cleared`);
  await closeRedis();
  await closeDb();
}

main().catch((err) => {
  console.error(err instanceof EnvError ? err.message : err);
  process.exit(1);
});
