import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Errors that say "the database is not reachable right now" (restart, failover, network), as
 * opposed to "this statement is wrong": the first kind is waited out, the second is a result.
 */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: the database system is shutting down
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the database system is starting up
  '53300', // too_many_connections
  '08000',
  '08001',
  '08003',
  '08004',
  '08006', // connection exceptions
]);
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /terminating connection/i,
  /timeout exceeded when trying to connect/i,
  /client has encountered a connection error/i,
  /connection is closed/i,
  /the database system is (shutting down|starting up|in recovery mode)/i,
  /Cannot use a pool after calling end/i,
];

export function isDbUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((r) => r.test(message))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export interface WaitOptions {
  /** Give up (rethrow the last error) after this long without success. */
  maxMs?: number;
  /** Told once when the wait starts, with the first error. */
  onWait?: (err: unknown) => void;
}

/**
 * Runs `fn` until it succeeds or fails for a reason other than an unreachable database; while the
 * database is away (a restart, a failover) it is retried with backoff, up to `maxMs`. `fn` must be
 * safe to repeat: a statement whose commit was lost with the connection runs again.
 */
export async function whileDbUnavailable<T>(
  fn: () => Promise<T>,
  { maxMs = 10 * 60_000, onWait }: WaitOptions = {},
): Promise<T> {
  const start = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isDbUnavailable(err) || Date.now() - start > maxMs) throw err;
      if (attempt === 0) onWait?.(err);
      await sleep(Math.min(2000, 100 * 2 ** attempt));
    }
  }
}
