// Seed-client compatibility through the real REST dispatcher, PostgreSQL and an API key:
// skip/limit page every list, and a query parameter an operation does not declare is a 400.
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '@/server/apikeys/create-api-key';
import { scriptFor } from '@/server/executions/tests/engine-harness';
import { dispatchRest } from '@/server/rest/dispatch';
import { openApiDocument } from '@/server/rest/openapi';
import { createTestActor, uniqueName } from '@/server/test/fixtures';

let key: string;
let tag: string;

async function get(pathAndQuery: string) {
  const url = new URL(`http://localhost${pathAndQuery}`);
  const res = await dispatchRest(new Request(url, { headers: { authorization: `Bearer ${key}` } }), url.pathname);
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown> & { items: Array<{ name: string }> },
  };
}

beforeAll(async () => {
  const admin = await createTestActor('admin');
  key = (await createApiKey({ actor: admin, input: { name: 'paging', role: 'admin' } })).key;
  tag = uniqueName('paging')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  for (let i = 0; i < 5; i++) await scriptFor(admin, 'echo hi', 'bash', { name: `${tag}-${i}`, tags: [tag] });
});

describe('REST query parameters', () => {
  it('skip/limit page like page/page_size', async () => {
    const byPage = await get(`/api/v1/scripts/?tag=${tag}&page=2&page_size=2`);
    const bySkip = await get(`/api/v1/scripts/?tag=${tag}&skip=2&limit=2`);
    expect(byPage.status).toBe(200);
    expect(bySkip.status).toBe(200);
    expect(bySkip.body).toMatchObject({ total: 5, page: 2, page_size: 2, pages: 3 });
    expect(bySkip.body.items.map((s) => s.name)).toEqual(byPage.body.items.map((s) => s.name));
    const first = await get(`/api/v1/scripts/?tag=${tag}&limit=3`);
    expect(first.body).toMatchObject({ page: 1, page_size: 3 });
    expect(first.body.items).toHaveLength(3);
  });

  it('refuses skip that is not on a page boundary, and mixing the two styles, naming the field', async () => {
    const odd = await get(`/api/v1/scripts/?skip=3&limit=2`);
    expect(odd.status).toBe(400);
    expect(odd.body.error).toMatchObject({ code: 'VALIDATION_ERROR', details: [{ field: 'query.skip' }] });
    const mixed = await get(`/api/v1/scripts/?skip=2&page=1&limit=2`);
    expect(mixed.status).toBe(400);
    expect((mixed.body.error as { message: string }).message).toMatch(/either skip or page/);
    const tooBig = await get(`/api/v1/scripts/?limit=100000`);
    expect(tooBig.status).toBe(400);
  });

  it('answers 400 naming every unknown query parameter, on lists and elsewhere', async () => {
    const list = await get(`/api/v1/scripts/?tag=${tag}&sort_by=name&foo=1`);
    expect(list.status).toBe(400);
    expect(list.body.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [
        { field: 'query.sort_by', message: 'unknown query parameter' },
        { field: 'query.foo', message: 'unknown query parameter' },
      ],
    });
    expect((list.body.error as { message: string }).message).toMatch(
      /^unknown query parameters: sort_by, foo \(this operation takes: .*page_size/,
    );
    const noQuery = await get('/api/v1/scripts/executions/00000000-0000-4000-8000-000000000000?verbose=1');
    expect(noQuery.status).toBe(400);
    expect((noQuery.body.error as { message: string }).message).toMatch(
      /unknown query parameter: verbose \(this operation takes: none\)/,
    );
  });

  it('documents skip and limit on every list in the OpenAPI document', () => {
    const doc = openApiDocument('http://localhost');
    const listScripts = doc.paths['/api/v1/scripts/']!.get as { parameters: Array<{ name: string }> };
    expect(listScripts.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['page', 'page_size', 'skip', 'limit']),
    );
    const getScript = doc.paths['/api/v1/scripts/{id}']!.get as { parameters: Array<{ name: string }> };
    expect(getScript.parameters.map((p) => p.name)).not.toContain('skip');
  });
});
