import { env } from '@/server/env';
import { redis } from '@/server/queue/connection';
import { AppError } from '@/server/errors/app-error';

/**
 * Fixed one-minute windows per API key, counted in Redis so every web process shares them. The count
 * is usually made in the same round trip as the request's other Redis reads (authenticate-request.ts);
 * `count()` makes it alone. Null when limits are off (API_RATE_LIMIT_PER_MINUTE=0).
 */
export function rateLimitKey(keyId: string): { key: string; count(): Promise<number> } | null {
  if (env().API_RATE_LIMIT_PER_MINUTE <= 0) return null;
  const window = Math.floor(Date.now() / 60_000);
  const key = `${env().QUEUE_PREFIX}:ratelimit:${keyId}:${window}`;
  return {
    key,
    async count() {
      const [[, n]] = (await redis().multi().incr(key).expire(key, 120).exec()) as [[Error | null, number]];
      return n;
    },
  };
}

/** 429 once a window's count passes the limit; null (limits off) passes. */
export function checkRateCount(count: number | null): void {
  const limit = env().API_RATE_LIMIT_PER_MINUTE;
  if (count === null || limit <= 0 || count <= limit) return;
  const retryAfter = 60 - Math.floor((Date.now() % 60_000) / 1000);
  throw new AppError('RATE_LIMITED', `rate limit of ${limit} requests per minute exceeded for this API key`, { retryAfterSeconds: retryAfter });
}
