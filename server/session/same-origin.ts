import { env } from '@/server/env';
import { isFromTrustedProxy } from './client-address';

/**
 * CSRF defence for cookie-authenticated mutations: a browser always sends Origin on a cross-site
 * POST, so a POST whose Origin is not this service's own is refused. Requests without Origin
 * (curl, server-to-server) carry no ambient browser cookies worth forging.
 *
 * The service's own origin, as a browser sees it, is any of: PUBLIC_URL's; the Host header; a
 * trusted proxy's X-Forwarded-Host (TRUSTED_PROXIES). A proxy that passes `Host $host` drops a
 * non-default port, so a Host without a port matches the Origin's host name on any port: cookies
 * are not scoped by port, so another port of the same host was never a boundary they kept.
 */
export function isCrossSiteMutation(req: Request): boolean {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return false;
  const originHeader = req.headers.get('origin');
  if (!originHeader) return false;
  let origin: URL;
  try {
    origin = new URL(originHeader);
  } catch {
    return true;
  }
  const own: string[] = [];
  const publicUrl = env().PUBLIC_URL;
  if (publicUrl) own.push(new URL(publicUrl).host);
  const host = req.headers.get('host');
  if (host) own.push(host);
  const forwarded = req.headers.get('x-forwarded-host')?.split(',')[0]?.trim();
  if (forwarded && isFromTrustedProxy(req.headers)) own.push(forwarded);
  return !own.some((h) => sameHost(origin, h));
}

function sameHost(origin: URL, host: string): boolean {
  let own: URL;
  try {
    own = new URL(`${origin.protocol}//${host}`);
  } catch {
    return false;
  }
  if (origin.host === own.host) return true;
  // No port in the header (`Host $host`): the port was dropped or is the default one.
  return !/:\d+$/.test(host) && origin.hostname === own.hostname;
}
