import { env } from '@/server/env';
import { redis } from '@/server/queue/connection';
import { AppError } from '@/server/errors/app-error';

/** Fixed one-minute windows per API key, counted in Redis so every web process shares them. */
export async function enforceRateLimit(keyId: string): Promise<void> {
  const limit = env().API_RATE_LIMIT_PER_MINUTE;
  if (limit <= 0) return;
  const window = Math.floor(Date.now() / 60_000);
  const k = `${env().QUEUE_PREFIX}:ratelimit:${keyId}:${window}`;
  const [[, count]] = (await redis().multi().incr(k).expire(k, 120).exec()) as [[Error | null, number]];
  if (count > limit) {
    const retryAfter = 60 - Math.floor((Date.now() % 60_000) / 1000);
    throw new AppError('RATE_LIMITED', `rate limit of ${limit} requests per minute exceeded for this API key`, { retryAfterSeconds: retryAfter });
  }
}
