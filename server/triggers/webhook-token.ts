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

/** The signature header's value as 32 bytes: `sha256=<hex>` or bare hex; null when malformed. */
function presentedDigest(presented: string | null): Buffer | null {
  if (!presented) return null;
  const hex = presented.trim().replace(/^sha256=/i, '');
  return /^[0-9a-fA-F]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : null;
}

const hmac = (secret: string, message: string) => createHmac('sha256', secret).update(message, 'utf8').digest();

/** Checks `sha256=<hex>` (or bare hex) against HMAC-SHA256(secret, raw body), in constant time. */
export function signatureValid(secret: string, rawBody: string, presented: string | null): boolean {
  const digest = presentedDigest(presented);
  return digest !== null && timingSafeEqual(hmac(secret, rawBody), digest);
}

/** Checks the signature of a timestamped delivery: HMAC-SHA256(secret, "{timestamp}.{raw body}"). */
export function timestampedSignatureValid(
  secret: string,
  timestamp: string,
  rawBody: string,
  presented: string | null,
): boolean {
  const digest = presentedDigest(presented);
  return digest !== null && timingSafeEqual(hmac(secret, `${timestamp}.${rawBody}`), digest);
}

/** The old scheme (body only): accepted only by triggers that opted in for old senders. */
export function signBody(secret: string, rawBody: string): string {
  return `sha256=${hmac(secret, rawBody).toString('hex')}`;
}

/** The current scheme: send it with `X-Signature-Timestamp: {timestamp}` (unix seconds). */
export function signTimestamped(secret: string, timestamp: number | string, rawBody: string): string {
  return `sha256=${hmac(secret, `${timestamp}.${rawBody}`).toString('hex')}`;
}

export const TIMESTAMP_HEADER = 'X-Signature-Timestamp';
/** A timestamp further than this from the server's clock is refused. */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;
