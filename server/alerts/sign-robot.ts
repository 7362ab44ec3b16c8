import { createHmac } from 'node:crypto';

/**
 * DingTalk robot "加签": string_to_sign = "{timestamp ms}\n{secret}", HMAC-SHA256 keyed with the
 * secret, Base64, then URL-encoded; sent as the `timestamp` and `sign` query parameters.
 */
export function dingtalkSignedUrl(url: string, secret: string, nowMs = Date.now()): string {
  const timestamp = String(nowMs);
  const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
  const u = new URL(url);
  u.searchParams.set('timestamp', timestamp);
  u.searchParams.set('sign', sign); // URLSearchParams percent-encodes the Base64 (+, /, =)
  return u.toString();
}

/**
 * Feishu robot "签名校验": string_to_sign = "{timestamp s}\n{secret}" is the HMAC-SHA256 KEY over an
 * empty message, Base64; `timestamp` (a string) and `sign` go in the JSON body.
 */
export function feishuSignature(secret: string, nowMs = Date.now()): { timestamp: string; sign: string } {
  const timestamp = String(Math.floor(nowMs / 1000));
  const sign = createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');
  return { timestamp, sign };
}
