import { env } from '@/server/env';
import { AppError } from '@/server/errors/app-error';
import { redis } from '@/server/queue/connection';

/** The Redis key counting `bucket`'s requests in the current one-minute window. */
export function minuteWindowKey(bucket: string): string {
  return `${env().QUEUE_PREFIX}:ratelimit:${bucket}:${Math.floor(Date.now() / 60_000)}`;
}

/**
 * 429 with the seconds until the window turns once a window's count passes `limit` (0: no limit).
 * `who` ends the message ("… exceeded for this API key").
 */
export function checkMinuteCount(count: number, limit: number, who: string): void {
  if (limit <= 0 || count <= limit) return;
  throw new AppError('RATE_LIMITED', `rate limit of ${limit} requests per minute exceeded for ${who}`, {
    retryAfterSeconds: 60 - Math.floor((Date.now() % 60_000) / 1000),
  });
}

/**
 * Counts one request against `limit` per fixed one-minute window, in Redis so every web process
 * shares the count; beyond it, 429. A caller with other Redis commands to send counts in its own
 * MULTI (`INCR key`, `EXPIRE key 120` on minuteWindowKey) and checks with checkMinuteCount.
 */
export async function enforceMinuteLimit(bucket: string, limit: number, who: string): Promise<void> {
  if (limit <= 0) return;
  const k = minuteWindowKey(bucket);
  const [[, count]] = (await redis().multi().incr(k).expire(k, 120).exec()) as [[Error | null, number]];
  checkMinuteCount(count, limit, who);
}
