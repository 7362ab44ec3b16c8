import { env } from '@/server/env';
import { enforceMinuteLimit } from '@/server/infra/minute-window-limit';

/** API_RATE_LIMIT_PER_MINUTE per API key. */
export async function enforceRateLimit(keyId: string): Promise<void> {
  await enforceMinuteLimit(keyId, env().API_RATE_LIMIT_PER_MINUTE, 'this API key');
}
