import { env } from '@/server/env';
import { checkMinuteCount, minuteWindowKey } from '@/server/infra/minute-window-limit';
import { redis } from '@/server/queue/connection';

/**
 * API_RATE_LIMIT_PER_MINUTE per API key. The count is usually made in the same round trip as the
 * request's other Redis reads (authenticate-request.ts); `count()` makes it alone. Null when limits
 * are off (API_RATE_LIMIT_PER_MINUTE=0).
 */
export function rateLimitKey(keyId: string): { key: string; count(): Promise<number> } | null {
  if (env().API_RATE_LIMIT_PER_MINUTE <= 0) return null;
  const key = minuteWindowKey(keyId);
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
  if (count !== null) checkMinuteCount(count, env().API_RATE_LIMIT_PER_MINUTE, 'this API key');
}
