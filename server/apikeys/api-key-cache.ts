import type { Redis } from 'ioredis';
import type { Actor } from '@/server/auth/actor';
import { env } from '@/server/env';
import { logger } from '@/server/log/logger';
import { redis } from '@/server/queue/connection';

/**
 * API keys checked moments ago, by the hash of the presented key, so a REST request does not read
 * PostgreSQL to authenticate. Revocation stays immediate in every web process through one number in
 * Redis, the revocation epoch: everything that can end or lower a key (revoke, owner disabled or
 * demoted) raises it after its commit, and a request reads it in the same round trip as its rate-limit
 * count (server/rest/authenticate-request.ts). An entry is used only while the epoch it was filled
 * under is still current, so the very next request after a revoke, in whatever process, goes to the
 * database. A pub/sub message would arrive some time after the revoke returned; the epoch is read by
 * the request itself.
 * Bounds when Redis cannot be told (the raise failed: logged): entries live TTL_MS, and the cache is
 * emptied whenever this process's Redis connection is made again.
 */
const TTL_MS = 10_000;
const MAX_ENTRIES = 1000;

export interface CachedKey {
  actor: Actor & { type: 'api_key' };
  expiresAt: number | null;
  epoch: string;
  at: number;
}

const entries = new Map<string, CachedKey>();
const watched = new WeakSet<Redis>();

export const apiKeyEpochKey = () => `${env().QUEUE_PREFIX}:apikeys:epoch`;

/** The epoch as stored; a missing key (never raised, or evicted) reads as '0' and differs from any raised one. */
export const epochOf = (value: string | null) => value ?? '0';

/** A fresh entry for this key hash, or undefined. Whether its epoch is current is the caller's check. */
export function cachedApiKey(keyHash: string): CachedKey | undefined {
  const conn = redis();
  if (!watched.has(conn)) {
    watched.add(conn);
    // Raises missed while the connection was down cannot be seen: start over after a reconnect.
    conn.on('ready', () => entries.clear());
  }
  const hit = entries.get(keyHash);
  if (!hit) return undefined;
  if (Date.now() - hit.at > TTL_MS) {
    entries.delete(keyHash);
    return undefined;
  }
  return hit;
}

export function rememberApiKey(keyHash: string, entry: Omit<CachedKey, 'at'>): void {
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(keyHash, { ...entry, at: Date.now() });
}

export function forgetApiKey(keyHash: string): void {
  entries.delete(keyHash);
}

/**
 * Called after a commit that ends or lowers keys: every web process's cached keys stop counting at
 * its next request. A failure is logged, not thrown (the commit stands); the TTL bounds it.
 */
export async function raiseApiKeyEpoch(reason: string): Promise<void> {
  try {
    await redis().incr(apiKeyEpochKey());
  } catch (err) {
    logger().error(
      { err, reason },
      `API key revocation epoch not raised; cached keys may be used for up to ${TTL_MS / 1000} s`,
    );
  }
}
