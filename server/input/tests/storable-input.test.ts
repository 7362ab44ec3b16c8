import { beforeAll, describe, expect, it } from 'vitest';
import { count, eq, like } from 'drizzle-orm';
import { db } from '@/db/client';
import { scripts } from '@/db/schema';
import { createApiKey } from '@/server/apikeys/create-api-key';
import { dispatchRest } from '@/server/rest/dispatch';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { createCallerFactory } from '@/server/trpc/init';
import { appRouter } from '@/server/trpc/router';
import type { Actor } from '@/server/auth/actor';
import { findUnstorable } from '../storable-text';

let admin: Actor & { type: 'user' };
let key: string;
const caller = createCallerFactory(appRouter);

const rest = (method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
  dispatchRest(
    new Request(`http://localhost${path}`, {
      method,
      body,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    }),
    path.split('?')[0]!,
  );

beforeAll(async () => {
  admin = await createTestActor('admin');
  key = (await createApiKey({ actor: admin, input: { name: 'hostile', role: 'admin' } })).key;
});

describe('strings PostgreSQL cannot store', () => {
  it('finds NUL and lone surrogates in values and keys, with the path', () => {
    expect(findUnstorable({ a: [1, { b: 'x\u0000y' }] }, '')).toEqual({
      field: 'a.1.b',
      message: expect.stringMatching(/NUL/),
    });
    expect(findUnstorable({ ['k\u0000']: 1 }, 'body')).toMatchObject({ field: 'body.k\u0000' });
    expect(findUnstorable({ s: 'a\ud800' }, '')).toMatchObject({
      field: 's',
      message: expect.stringMatching(/surrogate/),
    });
    expect(findUnstorable({ s: 'ok 😀 é' }, '')).toBeNull();
  });

  it('every list answers 400 naming the field for ?search=%00, never 500', async () => {
    for (const path of [
      '/api/v1/scripts/',
      '/api/v1/schedules/',
      '/api/v1/triggers/',
      '/api/v1/workflows/',
      '/api/v1/scripts/templates/',
      '/api/v1/scripts/executions/',
      '/api/v1/events',
    ]) {
      const r = await rest('GET', `${path}?search=%00`);
      expect(r.status, path).toBe(400);
      expect((await r.json()).error.details[0].field, path).toBe('query.search');
    }
    const r = await rest('GET', '/api/v1/scripts/?search=%ED%A0%80'); // a UTF-8-encoded lone surrogate decodes to U+FFFD: storable
    expect(r.status).toBe(200);
  });

  it('a NUL or lone surrogate in a name (REST POST/PUT, tRPC) is a 400 naming the field and writes nothing', async () => {
    // Other test files write scripts to the same database at the same time: only this test's names count.
    const tag = uniqueName('storable');
    const mine = async () =>
      (
        await db()
          .select({ n: count() })
          .from(scripts)
          .where(like(scripts.name, `${tag}%`))
      )[0]!.n;
    const body = (name: string) => JSON.stringify({ name, language: 'bash', content: 'echo hi' });
    const nul = await rest('POST', '/api/v1/scripts/', body(`${tag}\u0000name`));
    expect(nul.status).toBe(400);
    expect((await nul.json()).error).toMatchObject({ code: 'VALIDATION_ERROR', details: [{ field: 'name' }] });
    const lone = await rest('POST', '/api/v1/scripts/', `{"name":"${tag}\\ud800","language":"bash","content":"echo"}`);
    expect(lone.status).toBe(400);
    expect((await lone.json()).error.details[0].field).toBe('name');

    const ok = await rest('POST', '/api/v1/scripts/', body(`${tag}-ok`));
    expect(ok.status).toBe(201);
    const { id } = await ok.json();
    const put = await rest('PUT', `/api/v1/scripts/${id}`, JSON.stringify({ name: 'x\u0000' }));
    expect(put.status).toBe(400);
    const exec = await rest('POST', `/api/v1/scripts/${id}/execute`, JSON.stringify({ idempotency_key: 'k\u0000' }));
    expect(exec.status).toBe(400);
    expect((await exec.json()).error.details[0].field).toBe('idempotency_key');

    await expect(
      caller({ actor: admin, meta: {} }).scripts.create({
        name: `${tag}\u0000trpc`,
        language: 'bash',
        content: 'echo',
      } as never),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^name: .*NUL/) });
    expect(await mine()).toBe(1); // only the valid one
    expect((await db().select().from(scripts).where(eq(scripts.id, id)))[0]!.name).not.toContain('\u0000');
  });

  it('a malformed %-escape in a path is a 4xx, not a 500', async () => {
    const r = await rest('GET', '/api/v1/scripts/%E0%A4%A');
    expect(r.status).toBeLessThan(500);
  });
});

describe('body size limit', () => {
  it('is enforced while reading a chunked body (no Content-Length): the stream is not read to the end', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        if (pulled > 10_000)
          c.close(); // 640 MB: far past the limit if it were read whole
        else c.enqueue(chunk);
      },
    });
    const req = new Request('http://localhost/api/v1/scripts/', {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    } as RequestInit);
    const r = await dispatchRest(req, '/api/v1/scripts/');
    expect(r.status).toBe(413);
    expect(pulled).toBeLessThan(100); // the 2 MB default limit is 32 chunks
  });
});
