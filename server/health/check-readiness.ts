import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { redis } from '@/server/queue/connection';
import { listWorkers, NO_SANDBOX, type SandboxEnforcement } from '@/server/queue/workers-registry';

export interface Readiness {
  status: 'ready' | 'not_ready';
  checks: { postgres: 'ok' | string; redis: 'ok' | string };
  /**
   * What each connected worker's sandbox enforces and whether it takes runs (informational: a
   * worker short of memory or disk does not make the web app unready). No ids or host details:
   * this endpoint is public. `reason` says why a worker takes no runs only when its sandbox is
   * missing a piece (the install command); a host floor's reason names host paths and sizes.
   */
  workers?: Array<{ limits: SandboxEnforcement | null; takingRuns: boolean; reason?: string }>;
}

async function probe(fn: () => Promise<unknown>, timeoutMs = 2000): Promise<'ok' | string> {
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
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
  const status = postgres === 'ok' && redisCheck === 'ok' ? 'ready' : 'not_ready';
  const workers = redisCheck === 'ok' ? await listWorkers().catch(() => null) : null;
  return {
    status,
    checks: { postgres, redis: redisCheck },
    ...(workers
      ? {
          workers: workers.map((w) => ({
            limits: w.limits ?? null,
            takingRuns: !w.refusing,
            ...(w.refusing?.startsWith(NO_SANDBOX) ? { reason: w.refusing } : {}),
          })),
        }
      : {}),
  };
}
