import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { redis } from '@/server/queue/connection';

export interface Readiness {
  status: 'ready' | 'not_ready';
  checks: { postgres: 'ok' | string; redis: 'ok' | string };
}

async function probe(fn: () => Promise<unknown>, timeoutMs = 2000): Promise<'ok' | string> {
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    return 'ok';
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

export async function checkReadiness(): Promise<Readiness> {
  const [postgres, redisCheck] = await Promise.all([
    probe(() => db().execute(sql`select 1`)),
    probe(() => redis().ping()),
  ]);
  return { status: postgres === 'ok' && redisCheck === 'ok' ? 'ready' : 'not_ready', checks: { postgres, redis: redisCheck } };
}
