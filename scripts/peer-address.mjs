// Preloaded into the web process (node --import): Next.js route handlers never see the TCP peer,
// and Next copies a client's own X-Forwarded-For through. This stamps every request with the
// socket's address under a header name of our own, replacing any value a client sent, so
// server/session/client-address.ts can tell a trusted proxy from a client that made headers up.
import http from 'node:http';

const HEADER = 'x-vss-peer-address';
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function stampPeer(event, req, ...rest) {
  if ((event === 'request' || event === 'upgrade' || event === 'checkContinue') && req && req.headers) {
    req.headers[HEADER] = req.socket?.remoteAddress ?? '';
    // rawHeaders feeds some adapters: drop a client-sent copy there too.
    if (Array.isArray(req.rawHeaders)) {
      for (let i = req.rawHeaders.length - 2; i >= 0; i -= 2)
        if (String(req.rawHeaders[i]).toLowerCase() === HEADER) req.rawHeaders.splice(i, 2);
      req.rawHeaders.push(HEADER, req.headers[HEADER]);
    }
  }
  return emit.call(this, event, req, ...rest);
};
