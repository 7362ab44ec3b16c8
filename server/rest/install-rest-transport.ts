import http, { type IncomingMessage, type ServerResponse } from 'node:http';

/** `/api/v1/...` of a request URL, with BASE_PATH (kept or stripped by a proxy) removed; else null. */
export function restPathOf(url: string, basePath: string): string | null {
  const q = url.search(/[?#]/);
  let pathname = q < 0 ? url : url.slice(0, q);
  if (basePath && (pathname === basePath || pathname.startsWith(`${basePath}/`)))
    pathname = pathname.slice(basePath.length);
  return pathname === '/api/v1' || pathname.startsWith('/api/v1/') ? pathname : null;
}

/**
 * Takes REST requests off every HTTP server of this process (the web app's) before Next.js sees
 * them (node-transport.ts says why). Installed once, by the web process's preload
 * (rest-transport-entry.ts). The serving code, with the service modules it brings, is loaded at
 * the first REST request: an idle web process does not hold it (until then a request's body waits,
 * paused, in its stream).
 */
export function installRestTransport(basePath: string): void {
  let serving: Promise<typeof import('./node-transport')> | undefined;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function emitWithRest(this: http.Server, event: string, ...args: unknown[]) {
    if (event === 'request') {
      const [req, res] = args as [IncomingMessage, ServerResponse];
      const pathname = restPathOf(req.url ?? '', basePath);
      if (pathname) {
        serving ??= import('./node-transport');
        serving
          .then(({ serveRest }) => serveRest(req, res, pathname))
          .catch((err: unknown) => {
            serving = undefined; // tried again by the next request
            console.error('the REST transport could not be loaded', err);
            if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ error: { code: 'INTERNAL', message: 'internal error', details: [] } }));
          });
        return true;
      }
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}
