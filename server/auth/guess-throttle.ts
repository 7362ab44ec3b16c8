import { createHash } from 'node:crypto';
import { env } from '@/server/env';
import { redis } from '@/server/queue/connection';

/**
 * Slows guessing instead of locking anyone out. Failures are counted per bucket (an account at one
 * client address, a client address, an address guessing API keys); after a bucket's free failures
 * each further one doubles the wait before that bucket may try again, up to a cap. A bucket
 * forgets after a day without failures, or when the right password is given from it. Buckets of
 * other addresses are untouched, so an attacker slows only themself.
 * Counts live in Redis (shared by every web process; transient by nature).
 */
export interface Bucket {
  key: string;
  /** Failures allowed before the first wait. */
  free: number;
}

const FORGET_AFTER_SECONDS = 24 * 3600;
const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);
const redisKey = (b: Bucket) => `${env().QUEUE_PREFIX}:guess:${b.key}`;

export const buckets = {
  accountAtAddress: (email: string, ip: string | null): Bucket => ({
    key: `acct:${hash(email.toLowerCase())}:${ip ?? 'unknown'}`,
    free: env().SIGNIN_FREE_FAILURES,
  }),
  signInAddress: (ip: string | null): Bucket => ({
    key: `signin-ip:${ip ?? 'unknown'}`,
    free: env().SIGNIN_FREE_FAILURES_PER_ADDRESS,
  }),
  apiKeyAddress: (ip: string | null): Bucket => ({
    key: `apikey-ip:${ip ?? 'unknown'}`,
    free: env().API_KEY_FREE_FAILURES_PER_ADDRESS,
  }),
};

/** The wait after `failures` failures in a bucket with `free` free ones: 0, then base·2^k, capped. */
export function backoffMs(failures: number, free: number): number {
  const over = failures - free;
  if (over <= 0) return 0;
  const { SIGNIN_BACKOFF_BASE_MS: base, SIGNIN_BACKOFF_MAX_SECONDS: cap } = env();
  return Math.min(cap * 1000, base * 2 ** Math.min(over - 1, 40));
}

/** Milliseconds until every bucket may try again (0: go ahead). */
export async function waitBefore(list: Bucket[]): Promise<number> {
  return waitFrom(await Promise.all(list.map((b) => redis().hmget(redisKey(b), 'n', 'last'))), list);
}

/** The Redis key of a bucket, for a caller that reads it (`HMGET key n last`) in a pipeline of its own. */
export const bucketKey = redisKey;

/** waitBefore's answer from each bucket's `[n, last]` read by the caller. */
export function waitFrom(rows: (string | null)[][], list: Bucket[]): number {
  let wait = 0;
  rows.forEach(([n, last], i) => {
    if (!n || !last) return;
    const until = Number(last) + backoffMs(Number(n), list[i]!.free);
    wait = Math.max(wait, until - Date.now());
  });
  return Math.max(0, wait);
}

/** Counts one failure in each bucket; answers the wait it now imposes (ms). */
export async function recordFailure(list: Bucket[]): Promise<number> {
  const now = Date.now();
  const pipe = redis().multi();
  for (const b of list)
    pipe.hincrby(redisKey(b), 'n', 1).hset(redisKey(b), 'last', String(now)).expire(redisKey(b), FORGET_AFTER_SECONDS);
  const res = (await pipe.exec()) ?? [];
  let wait = 0;
  list.forEach((b, i) => {
    const n = Number(res[i * 3]?.[1] ?? 0);
    wait = Math.max(wait, backoffMs(n, b.free));
  });
  return wait;
}

export async function clearBuckets(list: Bucket[]): Promise<void> {
  if (list.length) await redis().del(...list.map(redisKey));
}

/** Every bucket of an account (all addresses), or every bucket there is: for the recovery command. */
export async function clearMatching(pattern: 'all' | { email: string }): Promise<number> {
  const match =
    pattern === 'all'
      ? `${env().QUEUE_PREFIX}:guess:*`
      : `${env().QUEUE_PREFIX}:guess:acct:${hash(pattern.email.toLowerCase())}:*`;
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await redis().scan(cursor, 'MATCH', match, 'COUNT', 500);
    cursor = next;
    if (keys.length) removed += await redis().del(...keys);
  } while (cursor !== '0');
  return removed;
}

export const secondsOf = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
