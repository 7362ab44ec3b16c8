import { isDbUnavailable } from '@/db/availability';
import { AppError } from './app-error';

/** Seconds a client is told to wait while PostgreSQL or Redis is away (a restart takes seconds). */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

const REDIS_UNAVAILABLE = [
  /connection is closed/i,
  /stream isn't writeable/i,
  /reached the max retries per request/i,
  /redis.*(unreachable|not ready)/i,
];

export function isRedisUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const { name, message } = e as { name?: unknown; message?: unknown };
    if (name === 'MaxRetriesPerRequestError') return true;
    if (typeof message === 'string' && REDIS_UNAVAILABLE.some((r) => r.test(message))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * A dependency outage is not the caller's fault nor a bug: 503 with Retry-After, not 500. Null when
 * `err` is something else. Used by the one REST error formatter and the tRPC error mapping.
 */
export function unavailableError(err: unknown): AppError | null {
  if (err instanceof AppError) return err.code === 'UNAVAILABLE' ? err : null;
  const which = isDbUnavailable(err) ? 'the database' : isRedisUnavailable(err) ? 'the queue (Redis)' : null;
  if (!which) return null;
  return new AppError('UNAVAILABLE', `${which} is unreachable right now; retry in a few seconds`, {
    retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
    cause: err,
  });
}
