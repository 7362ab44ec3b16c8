import { Redis, type RedisOptions } from 'ioredis';
import { requireEnv } from '@/server/env';

// BullMQ requires maxRetriesPerRequest: null on connections used by workers (blocking commands).
const options: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false };

let shared: Redis | undefined;

export function createRedis(extra: RedisOptions = {}): Redis {
  const conn = new Redis(requireEnv('REDIS_URL'), { ...options, ...extra });
  // ioredis reconnects by itself; an unhandled 'error' event would crash the process instead.
  conn.on('error', () => undefined);
  return conn;
}

/**
 * Connections whose commands fail within a second while Redis is unreachable instead of waiting in
 * ioredis's offline queue: a request answers 503 (server/errors/unavailable.ts), a producer's
 * failure is repaired by the reconciler. Only BullMQ workers' blocking connections wait.
 */
export const FAIL_FAST: RedisOptions = { maxRetriesPerRequest: 3 };

/** One shared connection for commands and producers in this process. */
export function redis(): Redis {
  shared ??= createRedis(FAIL_FAST);
  return shared;
}

/** The connection was lost and is being re-made (not: still making its first connection). */
export function isAway(conn: Redis): boolean {
  return conn.status === 'reconnecting' || conn.status === 'close' || conn.status === 'end';
}

let publishing: Redis | undefined;

/**
 * Live events (status, log lines): many runs publish in the same tick, and with auto-pipelining
 * they leave in one write. A connection of its own: BullMQ's commands must not be pipelined.
 */
export function publisher(): Redis {
  publishing ??= createRedis({ enableAutoPipelining: true });
  return publishing;
}

export async function closeRedis(): Promise<void> {
  const conns = [shared, publishing];
  shared = undefined;
  publishing = undefined;
  await Promise.all(conns.map((c) => c?.quit().catch(() => c.disconnect())));
}
