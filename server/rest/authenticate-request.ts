import { apiKeyEpochKey, cachedApiKey, epochOf, forgetApiKey, rememberApiKey } from '@/server/apikeys/api-key-cache';
import { authenticateApiKey } from '@/server/apikeys/authenticate-api-key';
import { hashApiKey } from '@/server/apikeys/api-key-dto';
import type { Actor } from '@/server/auth/actor';
import { bucketKey, buckets, recordFailure, secondsOf, waitFrom } from '@/server/auth/guess-throttle';
import { AppError } from '@/server/errors/app-error';
import { timed } from '@/server/log/server-timing';
import { redis } from '@/server/queue/connection';
import { checkRateCount, rateLimitKey } from './rate-limit';

/**
 * Who is calling, by API key, with the checks of every REST request: an address that guessed too
 * many wrong keys waits (429) before any key is checked; a wrong key counts against its address; a
 * right key is counted against its per-minute limit. A key checked moments ago is not read from
 * PostgreSQL again (server/apikeys/api-key-cache.ts); then the guess wait, the revocation epoch and
 * the rate count travel in one Redis round trip, which is all the request costs before its operation.
 */
export async function authenticateRequest(presented: string, address: string | null): Promise<Actor> {
  const keyHash = hashApiKey(presented);
  const cached = cachedApiKey(keyHash);
  const guesses = [buckets.apiKeyAddress(address)];
  const rate = cached ? rateLimitKey(cached.actor.id) : null;
  const tx = redis().multi().hmget(bucketKey(guesses[0]!), 'n', 'last').get(apiKeyEpochKey());
  if (rate) tx.incr(rate.key).expire(rate.key, 120);
  const replies = ((await tx.exec()) ?? []) as [Error | null, unknown][];
  const failed = replies.find(([err]) => err);
  if (failed) throw failed[0];
  const wait = waitFrom([replies[0]![1] as (string | null)[]], guesses);
  if (wait > 0)
    throw new AppError('RATE_LIMITED', `too many wrong API keys from this address: try again in ${secondsOf(wait)} s`, {
      retryAfterSeconds: secondsOf(wait),
    });
  const epoch = epochOf(replies[1]![1] as string | null);
  const counted = rate ? (replies[2]![1] as number) : null;

  if (cached && cached.epoch === epoch && (cached.expiresAt === null || cached.expiresAt > Date.now())) {
    checkRateCount(counted);
    return cached.actor;
  }
  if (cached) forgetApiKey(keyHash);
  const auth = await timed('key-db', () => authenticateApiKey(presented));
  if (!auth.ok) {
    await recordFailure(guesses);
    throw new AppError('UNAUTHORIZED', auth.reason);
  }
  // Filled under the epoch read before the database was: a revoke committed in between has raised
  // it by the next request, which then reads the database again.
  if (auth.actor.type === 'api_key') {
    rememberApiKey(keyHash, { actor: auth.actor, expiresAt: auth.expiresAt?.getTime() ?? null, epoch });
    // The same key hash is the same key row: a count made above is this key's.
    const uncounted = counted === null ? rateLimitKey(auth.actor.id) : null;
    checkRateCount(uncounted ? await uncounted.count() : counted);
  }
  return auth.actor;
}
