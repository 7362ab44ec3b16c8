import type { IncomingMessage, ServerResponse } from 'node:http';
import { env } from '@/server/env';
import { logger } from '@/server/log/logger';
import { PEER_HEADER } from '@/server/session/client-address';
import { dispatchRest } from './dispatch';
import { openApiDocument } from './openapi';

/**
 * REST v1 served straight from Node's HTTP server, before Next.js routes the request.
 *
 * Why: an integrator's call spent more CPU in Next's App Router (route resolution, tracing spans,
 * NextRequest, web-stream plumbing of body and answer) than in our own work for it (issue #22:
 * bench:http, web CPU per synchronous run). The operation is the same `dispatchRest` the App
 * Router route (`app/api/v1/[[...path]]/route.ts`) calls, which still serves development
 * (`next dev`) and anything this hook does not take.
 */

/** The path as the App Router route rebuilds it: each segment decoded once and encoded again. */
function canonicalPath(pathname: string): string | null {
  const segments = pathname.slice('/api/v1'.length).split('/').filter(Boolean);
  try {
    const encoded = segments.map((s) => encodeURIComponent(decodeURIComponent(s)));
    const trailing = pathname.endsWith('/') && segments.length ? '/' : '';
    return `/api/v1/${encoded.join('/')}${trailing}`;
  } catch {
    return null; // malformed percent-encoding
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': payload.length });
  res.end(payload);
}

/** Reads what is left of a request and drops it. */
function discardRest(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    if (req.readableEnded) return resolve();
    req
      .once('end', resolve)
      .once('close', resolve)
      .once('error', () => resolve());
    req.resume();
  });
}

/**
 * The body, counted while it arrives: over the limit, the first `limit + 1` bytes are kept, so
 * readBodyLimited answers its usual 413, and the rest is read and dropped, never held. The answer
 * waits for the end of the body: answering a client (or proxy) still sending, then dropping its
 * data, ends in a reset connection on its side instead of the 413 (Node's server time limits
 * bound how long a trickled body can take).
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData).off('end', onEnd).off('error', reject);
        const kept = Buffer.concat(chunks, size).subarray(0, limit + 1);
        chunks.length = 0;
        void discardRest(req).then(() => resolve(kept));
      }
    };
    const onEnd = () => resolve(Buffer.concat(chunks, size));
    req.on('data', onData).on('end', onEnd).on('error', reject);
  });
}

async function writeResponse(res: ServerResponse, response: Response) {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  if (!response.body) {
    res.writeHead(response.status, headers).end();
    return;
  }
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('text/event-stream')) {
    const payload = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, { ...headers, 'content-length': String(payload.length) }).end(payload);
    return;
  }
  // A stream (SSE): written as it comes, flushed at once, cancelled when the client goes away.
  res.writeHead(response.status, headers);
  res.flushHeaders();
  const reader = response.body.getReader();
  res.once('close', () => void reader.cancel().catch(() => undefined));
  for (;;) {
    const { done, value } = await reader.read();
    if (done || res.destroyed) break;
    res.write(value);
  }
  res.end();
}

/** Answers one REST request; `pathname` is what restPathOf (install-rest-transport.ts) returned. */
export async function serveRest(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  const abort = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  try {
    const path = canonicalPath(pathname);
    if (!path) {
      sendJson(res, 400, { error: { code: 'VALIDATION_ERROR', message: 'malformed URL path', details: [] } });
      return;
    }
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/api/v1/openapi.json') {
      sendJson(res, 200, openApiDocument(env().BASE_PATH || '/'));
      return;
    }
    const headers = new Headers();
    const raw = req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) {
      if (raw[i]!.toLowerCase() !== PEER_HEADER) headers.append(raw[i]!, raw[i + 1]!);
    }
    // The TCP peer, whatever a client sent under this name (client-address.ts trusts only this).
    headers.set(PEER_HEADER, req.socket.remoteAddress ?? '');
    let body: Buffer | undefined;
    const limit = env().API_MAX_BODY_BYTES;
    // A declared length over the limit is refused by readBodyLimited without a body.
    if (Number(req.headers['content-length'] ?? 0) > limit) await discardRest(req);
    else if (method !== 'GET' && method !== 'HEAD') body = await readBody(req, limit);
    const request = new Request(`http://localhost${req.url ?? '/'}`, {
      method,
      headers,
      body: body && new Uint8Array(body),
      signal: abort.signal,
    });
    await writeResponse(res, await dispatchRest(request, path));
  } catch (err) {
    if (req.destroyed || res.destroyed) return; // the client went away (mid-body, mid-stream)
    logger().error({ err, url: req.url }, 'REST request failed outside its operation');
    if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL', message: 'internal error', details: [] } });
    else res.destroy();
  }
}
