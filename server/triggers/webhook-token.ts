import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Webhook tokens: 32 random bytes; only the SHA-256 hash and a display prefix are stored. */
export function newWebhookToken(): { token: string; hash: string; prefix: string } {
  const token = `whk_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashWebhookToken(token), prefix: token.slice(0, 10) };
}

export function hashWebhookToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const webhookPath = (token: string) => `/api/v1/hooks/${token}`;

/**
 * Checks `sha256=<hex>` (or bare hex) against HMAC-SHA256(secret, raw body), in constant time.
 */
export function signatureValid(secret: string, rawBody: string, presented: string | null): boolean {
  if (!presented) return false;
  const hex = presented.trim().replace(/^sha256=/i, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return false;
  const expected = createHmac('sha256', secret).update(rawBody, 'utf8').digest();
  return timingSafeEqual(expected, Buffer.from(hex, 'hex'));
}

export function signBody(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}
