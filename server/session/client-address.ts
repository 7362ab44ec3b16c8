import { BlockList, isIP } from 'node:net';
import { env } from '@/server/env';
import { logger } from '@/server/log/logger';

/** Set by scripts/peer-address.mjs from the TCP socket; a client-sent value is overwritten there. */
export const PEER_HEADER = 'x-vss-peer-address';

type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

const read = (h: HeaderSource, name: string): string | null => {
  if (typeof (h as { get?: unknown }).get === 'function') return (h as { get(n: string): string | null }).get(name);
  const v = (h as Record<string, string | string[] | undefined>)[name];
  return (Array.isArray(v) ? v[0] : v) ?? null;
};

/** `::ffff:10.0.0.1` and `10.0.0.1` are one client. */
export function normalizeAddress(a: string): string {
  const s = a.trim().replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(s);
  return (mapped ? mapped[1]! : s).toLowerCase();
}

let cached: { source: string; list: BlockList } | undefined;
function trustedProxies(): BlockList | null {
  const source = env().TRUSTED_PROXIES;
  if (!source.trim()) return null;
  if (cached?.source !== source) {
    const list = new BlockList();
    for (const entry of source
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const [addr, bits] = entry.split('/');
      const type = isIP(addr!) === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) list.addAddress(normalizeAddress(addr!), type);
      else list.addSubnet(normalizeAddress(addr!), Number(bits), type);
    }
    cached = { source, list };
  }
  return cached.list;
}

const isTrusted = (list: BlockList, a: string) => {
  const family = isIP(a);
  return family !== 0 && list.check(a, family === 6 ? 'ipv6' : 'ipv4');
};

/** The request came straight from a proxy listed in TRUSTED_PROXIES (its X-Forwarded-* are believed). */
export function isFromTrustedProxy(headers: HeaderSource): boolean {
  const list = trustedProxies();
  const peer = read(headers, PEER_HEADER);
  return list !== null && peer !== null && isTrusted(list, normalizeAddress(peer));
}

/**
 * The client's address. Without TRUSTED_PROXIES it is the TCP peer, and X-Forwarded-For or
 * X-Real-IP are ignored (any client can send them). When the peer is a trusted proxy, the
 * X-Forwarded-For chain is read from the right, skipping trusted proxies: the first address that is
 * not one is the client (addresses further left were written by the client itself).
 * Null when the peer is unknown (the web process was started without scripts/peer-address.mjs).
 */
let warned = false;

export function clientAddress(headers: HeaderSource): string | null {
  const rawPeer = read(headers, PEER_HEADER);
  if (!rawPeer && !warned && env().NODE_ENV === 'production') {
    warned = true;
    logger().warn(
      'requests carry no peer address: start the web app with `npm start` (it preloads scripts/peer-address.mjs); until then every client counts as one address for sign-in throttling',
    );
  }
  const peer = rawPeer && isIP(normalizeAddress(rawPeer)) ? normalizeAddress(rawPeer) : null;
  const proxies = trustedProxies();
  if (!peer || !proxies || !isTrusted(proxies, peer)) return peer;
  const chain = (read(headers, 'x-forwarded-for') ?? '')
    .split(',')
    .map(normalizeAddress)
    .filter((a) => isIP(a));
  for (let i = chain.length - 1; i >= 0; i--) if (!isTrusted(proxies, chain[i]!)) return chain[i]!;
  const real = read(headers, 'x-real-ip');
  if (real && isIP(normalizeAddress(real)) && !isTrusted(proxies, normalizeAddress(real)))
    return normalizeAddress(real);
  return chain[0] ?? peer;
}
