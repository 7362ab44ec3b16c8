import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { env } from '@/server/env';

/**
 * AES-256-GCM for values that must never sit in the database in clear (secret environment values).
 * The key comes from SECRETS_KEY, or else AUTH_SECRET: both are only in the processes' environment.
 */
function key(): Buffer {
  const material = env().SECRETS_KEY ?? env().AUTH_SECRET;
  if (!material) throw new Error('SECRETS_KEY or AUTH_SECRET must be set to store secret values');
  return createHash('sha256').update(`vss-seal:${material}`).digest();
}

export function seal(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
}

export function unseal(sealed: string): string {
  const [v, iv, tag, body] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
}

/**
 * A keyed fingerprint (HMAC-SHA256 with the sealing key) of data that may hold secret values, so
 * two requests can be compared without storing a hash that could be guessed offline.
 */
export function keyedFingerprint(purpose: string, data: string): string {
  const material = env().SECRETS_KEY ?? env().AUTH_SECRET ?? 'vss-unkeyed';
  return createHmac('sha256', `vss-${purpose}:${material}`).update(data, 'utf8').digest('hex');
}
