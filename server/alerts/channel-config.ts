import { seal, unseal } from '@/server/crypto/seal';
import { AppError } from '@/server/errors/app-error';
import { channelConfigSchemas, type AnyChannelConfig, type ChannelType } from './alerts.schema';

/** The parts of a configuration that are credentials: sealed at rest, never answered. */
const SECRET_KEYS = ['secret', 'password'] as const;

/** Checks a configuration against its type's schema; field names read `config.<x>`. */
export function parseChannelConfig(type: ChannelType, raw: unknown): AnyChannelConfig {
  const parsed = channelConfigSchemas[type].safeParse(raw);
  if (!parsed.success) throw AppError.fromZod(parsed.error, 'config');
  return parsed.data;
}

/**
 * A new configuration from a patch over the stored one: the secret parts (and the URL, which holds
 * the robot's token) that the patch leaves out keep their values; `null` clears an optional one.
 */
export function mergeChannelConfig(
  type: ChannelType,
  current: AnyChannelConfig,
  patch: Record<string, unknown>,
): AnyChannelConfig {
  const merged: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  return parseChannelConfig(type, merged);
}

export const sealChannelConfig = (config: AnyChannelConfig) => seal(JSON.stringify(config));
export const unsealChannelConfig = (sealed: string) => JSON.parse(unseal(sealed)) as AnyChannelConfig;

/**
 * A robot's URL carries its token: DingTalk `access_token`, WeCom `key` (query), Feishu the last
 * path segment. Every query value and, for robots, the last path segment are shown as ***.
 */
export function redactUrl(raw: string, type: ChannelType): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return '***';
  }
  u.username = '';
  u.password = '';
  const params = [...u.searchParams.keys()];
  const query = params.length ? `?${params.map((k) => `${encodeURIComponent(k)}=***`).join('&')}` : '';
  let path = u.pathname;
  if (type === 'feishu' || (type === 'webhook' && /\/[A-Za-z0-9_-]{16,}$/.test(path)))
    path = path.replace(/\/[^/]+$/, '/***');
  return `${u.protocol}//${u.host}${path}${query}`;
}

/** The configuration as the API answers it: no credential, only whether one is set. */
export function publicChannelConfig(type: ChannelType, config: AnyChannelConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    if ((SECRET_KEYS as readonly string[]).includes(k)) continue;
    out[k] = k === 'url' && typeof v === 'string' ? redactUrl(v, type) : v;
  }
  if (type === 'email') out.has_password = 'password' in config && !!config.password;
  else if (type !== 'wecom') out.has_secret = 'secret' in config && !!config.secret;
  return out;
}

/** Every credential of a configuration: what must never reach a log line or an error text. */
export function channelSecrets(config: AnyChannelConfig): string[] {
  const out: string[] = [];
  for (const k of SECRET_KEYS) {
    const v = (config as Record<string, unknown>)[k];
    if (typeof v === 'string' && v.length >= 4) out.push(v);
  }
  if ('url' in config) {
    try {
      const u = new URL(config.url);
      for (const v of u.searchParams.values()) if (v.length >= 4) out.push(v);
      const last = u.pathname.split('/').pop();
      if (last && last.length >= 16) out.push(last);
    } catch {
      // unparsable URLs were refused when saved
    }
  }
  return out;
}

/** Replaces every credential in a text (a vendor's error message may echo the URL). */
export function scrubSecrets(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}
