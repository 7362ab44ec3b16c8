import http from 'node:http';

/**
 * Stands in for the nginx of the original deployment (`location /scripts/ { proxy_pass ...; }`):
 * the browser only ever talks to this port, through the path prefix.
 */
export function startReverseProxy(
  target: { host: string; port: number },
  prefix: string,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    // As nginx answers a `location /scripts/` block's bare `/scripts`: a redirect to `/scripts/`.
    if (req.url === prefix || req.url?.startsWith(`${prefix}?`)) {
      res.writeHead(301, { location: `${prefix}/${req.url.slice(prefix.length)}` }).end();
      return;
    }
    if (!req.url?.startsWith(`${prefix}/`)) {
      res.writeHead(404).end('not proxied');
      return;
    }
    const upstream = http.request(
      {
        host: target.host,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: {
          ...req.headers,
          'x-forwarded-for': req.socket.remoteAddress ?? '',
          'x-forwarded-proto': 'http',
          'x-forwarded-host': req.headers.host ?? '',
        },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end('bad gateway'));
    req.pipe(upstream);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve({
        port: typeof addr === 'object' && addr ? addr.port : 0,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
