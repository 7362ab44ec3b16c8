import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { secrets } from '@/db/schema';

/** Secrets that have no scope yet (usable by admins only): reported at start-up after the upgrade. */
export async function countUnscopedSecrets(): Promise<number> {
  const [r] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(secrets)
    .where(sql`${secrets.scope} is null`);
  return r?.n ?? 0;
}
