/**
 * CSRF defence for cookie-authenticated mutations: a browser always sends Origin on a cross-site
 * POST, so a POST whose Origin host differs from the host it was sent to is refused. Requests
 * without Origin (curl, server-to-server) carry no ambient browser cookies worth forging.
 */
export function isCrossSiteMutation(req: Request): boolean {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return false;
  const origin = req.headers.get('origin');
  if (!origin) return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true;
  }
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  return !host || originHost !== host.split(',')[0]!.trim();
}
