import nodemailer from 'nodemailer';
import type { ChannelConfig } from './alerts.schema';
import { DELIVERY_TIMEOUT_MS, type PostResult } from './post-json';

/**
 * Sends one e-mail over SMTP: STARTTLS required when asked for (never a silent fall-back to plain),
 * TLS from the start for `tls`, plain only for `none`. Every phase is bounded like an HTTP delivery.
 */
export async function sendEmail(
  config: ChannelConfig['email'],
  mail: { subject: string; text: string },
): Promise<PostResult> {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.security === 'tls',
    requireTLS: config.security === 'starttls',
    ignoreTLS: config.security === 'none',
    auth: config.username ? { user: config.username, pass: config.password ?? '' } : undefined,
    tls: { rejectUnauthorized: !config.allow_invalid_certificate },
    connectionTimeout: DELIVERY_TIMEOUT_MS,
    greetingTimeout: DELIVERY_TIMEOUT_MS,
    socketTimeout: DELIVERY_TIMEOUT_MS,
  });
  try {
    const info = await transport.sendMail({ from: config.from, to: config.to, subject: mail.subject, text: mail.text });
    const code = Number(/^(\d{3})/.exec(String(info.response ?? ''))?.[1] ?? 250);
    if (info.rejected.length)
      return {
        ok: false,
        status: code,
        body: String(info.response ?? ''),
        error: `refused recipients: ${info.rejected.map(String).join(', ')}`,
      };
    return { ok: true, status: code, body: String(info.response ?? ''), error: null };
  } catch (err) {
    const e = err as Error & { responseCode?: number; code?: string };
    return {
      ok: false,
      status: e.responseCode ?? null,
      body: '',
      error: `SMTP: ${e.code ? `${e.code} ` : ''}${e.message}`,
    };
  } finally {
    transport.close();
  }
}
