import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { createApiKey } from '@/server/apikeys/create-api-key';
import { executeScript } from '@/server/executions/execute-script';
import { restPathOf } from '@/server/rest/install-rest-transport';
import { createScript } from '@/server/scripts/create-script';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { startRestProcess } from '@/server/test/rest-process';

// The production REST transport in a process of its own (it patches Node's HTTP server).
let web: Awaited<ReturnType<typeof startRestProcess>>;
let key: string;
const BODY_LIMIT = 2048;

beforeAll(async () => {
  const admin = await createTestActor('admin');
  key = (await createApiKey({ actor: admin, input: { name: uniqueName('transport'), role: 'admin' } })).key;
  web = await startRestProcess({
    BASE_PATH: '/scripts',
    API_MAX_BODY_BYTES: String(BODY_LIMIT),
    API_KEY_FREE_FAILURES_PER_ADDRESS: '2',
  });
}, 60_000);
afterAll(async () => {
  await web?.stop();
});

/** A raw request: chunked when `chunks` is given without a length, so nothing declares the size. */
function send(opts: {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  chunks?: string[];
}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const url = new URL(web.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: { authorization: `Bearer ${key}`, ...opts.headers },
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    for (const c of opts.chunks ?? []) req.write(c);
    req.end();
  });
}

describe('REST transport before Next.js', () => {
  it('takes /api/v1 with BASE_PATH kept or stripped by a proxy, and nothing else', () => {
    expect(restPathOf('/scripts/api/v1/scripts/?limit=5', '/scripts')).toBe('/api/v1/scripts/');
    expect(restPathOf('/api/v1/scripts', '/scripts')).toBe('/api/v1/scripts');
    expect(restPathOf('/api/v1', '')).toBe('/api/v1');
    expect(restPathOf('/api/v10/scripts', '')).toBeNull();
    expect(restPathOf('/api/trpc/scripts.list', '')).toBeNull();
    expect(restPathOf('/scripts/api/v1x', '/scripts')).toBeNull();
    expect(restPathOf('/other/api/v1/scripts', '/scripts')).toBeNull();
  });

  it("serves the process's first REST request, a body sent in pieces before the serving code has loaded", async () => {
    // The serving code loads at the first REST request (install-rest-transport.ts): its body waits, paused.
    const admin = await createTestActor('admin');
    const s = await createScript({
      actor: admin,
      input: { name: uniqueName('first'), content: 'true\n', language: 'bash', status: 'active' },
    });
    const res = await send({
      method: 'POST',
      path: `/scripts/api/v1/scripts/${s.id}/execute`,
      headers: { 'content-type': 'application/json' },
      chunks: ['{"input_parameters":', ' {}, "idempotency_key": "first-request"}'],
    });
    expect(res.status, res.body).toBe(202);
    expect(JSON.parse(res.body)).toMatchObject({ script_id: s.id, status: 'queued' });
  });

  it('answers operations under either prefix and leaves other paths to the web app', async () => {
    for (const path of ['/scripts/api/v1/scripts/?limit=1', '/api/v1/scripts/?limit=1']) {
      const res = await send({ path });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('application/json');
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
      expect(JSON.parse(res.body)).toHaveProperty('items');
    }
    const page = await send({ path: '/scripts/executions' });
    expect(page).toMatchObject({ status: 404, body: 'not REST: /scripts/executions' });
    const doc = await send({ path: '/scripts/api/v1/openapi.json' });
    expect(doc.status).toBe(200);
    expect(JSON.parse(doc.body).servers[0].url).toContain('/scripts');
  });

  it('refuses a malformed path with a 400, not a crash', async () => {
    const res = await send({ path: '/api/v1/scripts/%E0%A4%A' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.message).toContain('malformed');
    expect((await send({ path: '/api/v1/scripts/?limit=1' })).status).toBe(200); // still serving
  });

  it('answers 413 for a body over the limit, declared or chunked, to a client still sending it', async () => {
    // Megabytes, more than socket buffers hold: a server that stopped reading would reset the
    // connection under the client before it reads the answer.
    const big = JSON.stringify({ name: 'x'.repeat(3 * 1024 * 1024), content: 'echo', language: 'bash' });
    const declared = await send({
      method: 'POST',
      path: '/api/v1/scripts/',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(big)) },
      chunks: [big],
    });
    expect(declared.status).toBe(413);
    const chunked = await send({
      method: 'POST',
      path: '/api/v1/scripts/',
      headers: { 'content-type': 'application/json' },
      chunks: Array.from({ length: 12 }, (_, i) => big.slice(i * 2 ** 18, (i + 1) * 2 ** 18)),
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).error.code).toBe('PAYLOAD_TOO_LARGE');
    const small = await send({
      method: 'POST',
      path: '/api/v1/scripts/',
      headers: { 'content-type': 'application/json' },
      chunks: [JSON.stringify({ name: uniqueName('via transport'), content: 'echo hi\n', language: 'bash' })],
    });
    expect(small.status).toBe(201);
  });

  it('streams server-sent events as they come and goes on serving after the client leaves', async () => {
    const admin = await createTestActor('admin');
    const script = await createScript({
      actor: admin,
      input: { name: uniqueName('sse'), content: 'echo hi\n', language: 'bash', status: 'active' },
    });
    // No worker here: the run stays queued and its stream stays open.
    const run = await executeScript({ actor: admin, input: { id: script.id }, trigger: 'manual' });
    const url = new URL(web.url);
    const first = await new Promise<{ type: string; chunk: string }>((resolve, reject) => {
      const req = http.get(
        {
          host: url.hostname,
          port: url.port,
          path: `/api/v1/scripts/executions/${run.id}/logs?follow=true`,
          headers: { authorization: `Bearer ${key}` },
          agent: false,
        },
        (res) => {
          res.setEncoding('utf8');
          res.once('data', (chunk: string) => {
            resolve({ type: String(res.headers['content-type']), chunk });
            req.destroy(); // the client leaves
          });
        },
      );
      req.on('error', (err) => (err.message.includes('aborted') ? undefined : reject(err)));
    });
    expect(first.type).toContain('text/event-stream');
    expect(first.chunk.length).toBeGreaterThan(0);
    expect((await send({ path: '/api/v1/scripts/?limit=1' })).status).toBe(200);
  });

  // Last: it leaves this process's one client address waiting.
  it('counts wrong keys by the TCP peer, whatever peer header a client sends', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await send({
        path: '/api/v1/scripts/',
        headers: { authorization: `Bearer wrong-${i}`, 'x-vss-peer-address': `203.0.113.${i + 1}` },
      });
      statuses.push(res.status);
    }
    // Two free failures for the one real address, then it waits: a forged address would never wait.
    expect(statuses.slice(0, 2)).toEqual([401, 401]);
    expect(statuses.slice(2)).toContain(429);
  });
});
