import { env } from '@/server/env';
import { AppError } from '@/server/errors/app-error';
import { redis } from '@/server/queue/connection';

/**
 * Counts one request against `limit` per fixed one-minute window, in Redis so every web process
 * shares the count; beyond it, 429 with the seconds until the window turns. `who` ends the message
 * ("… exceeded for this API key").
 */
export async function enforceMinuteLimit(bucket: string, limit: number, who: string): Promise<void> {
  if (limit <= 0) return;
  const k = `${env().QUEUE_PREFIX}:ratelimit:${bucket}:${Math.floor(Date.now() / 60_000)}`;
  const [[, count]] = (await redis().multi().incr(k).expire(k, 120).exec()) as [[Error | null, number]];
  if (count > limit) {
    throw new AppError('RATE_LIMITED', `rate limit of ${limit} requests per minute exceeded for ${who}`, {
      retryAfterSeconds: 60 - Math.floor((Date.now() % 60_000) / 1000),
    });
  }
}
