import { beforeAll, describe, expect, inject, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { baseUrl } from '../support/browser';
import { createKey } from '../support/api-key';
import { openApiValidator } from './openapi-validator';
import { expectError, restClient } from './rest-client';

let editor: string;
let otherEditor: string;
let viewer: string;
let validate: Awaited<ReturnType<typeof openApiValidator>>;

const call = restClient(() => editor);

/** A key of a second user (createKey's keys all belong to the e2e admin), made through the real services. */
async function keyOfNewEditor(): Promise<string> {
  process.env.DATABASE_URL = inject('databaseUrl');
  process.env.AUTH_SECRET ??= 'e2e-secret-e2e-secret-e2e-secret';
  const { db } = await import('@/db/client');
  const { users } = await import('@/db/schema');
  const { createApiKey } = await import('@/server/apikeys/create-api-key');
  const email = `tpl-${randomUUID().slice(0, 8)}@e2e.test`;
  const [user] = await db().insert(users).values({ email, passwordHash: 'not-a-hash', role: 'editor' }).returning();
  return (
    await createApiKey({
      actor: { type: 'user', id: user!.id, email, role: 'editor' },
      input: { name: 'templates e2e', role: 'editor' },
    })
  ).key;
}

beforeAll(async () => {
  editor = await createKey('editor', `tpl-editor-${Date.now()}`);
  otherEditor = await keyOfNewEditor();
  viewer = await createKey('viewer', `tpl-viewer-${Date.now()}`);
  validate = await openApiValidator(baseUrl());
});

const templateBody = () => ({
  name: `rest template ${Date.now()}`,
  description: 'made by the contract test',
  category: 'contract',
  language: 'bash',
  content:
    'CAMERA={{camera}}\nCOUNT={{count}}\nprintf \'{"camera":"%s","count":%d}\' "$CAMERA" "$COUNT" > "$VSS_RESULT_FILE"\n',
  parameters: [
    { name: 'camera', label: 'Camera', type: 'string', required: true, validation: { pattern: '^[a-z0-9-]+$' } },
    { name: 'count', type: 'number', default: 2, validation: { min: 1, max: 9 } },
  ],
});

describe('REST v1 templates: every operation answers as the OpenAPI document says', () => {
  it('walks create, list, get, update, preview, instantiate (then runs the script) and delete', async () => {
    const created = await call('POST', '/api/v1/scripts/templates/', { body: templateBody() });
    expect(created.status).toBe(201);
    const tpl = await created.json();
    validate('post', '/api/v1/scripts/templates/', 201, tpl);
    expect(tpl).toMatchObject({ visibility: 'private', version: 1, editable: true, usage_count: 0, builtin_key: null });

    const list = await call('GET', '/api/v1/scripts/templates/?scope=mine&category=contract&page=1&page_size=5');
    expect(list.status).toBe(200);
    const page = await list.json();
    validate('get', '/api/v1/scripts/templates/', 200, page);
    expect(page.items.map((t: { id: string }) => t.id)).toContain(tpl.id);
    const builtins = await (await call('GET', '/api/v1/scripts/templates/?scope=builtin&page_size=50')).json();
    expect(builtins.items.map((t: { builtin_key: string }) => t.builtin_key)).toEqual(
      expect.arrayContaining(['disk-usage-alert', 'webhook-notify', 'json-aggregate']),
    );

    validate(
      'get',
      '/api/v1/scripts/templates/{id}',
      200,
      await (await call('GET', `/api/v1/scripts/templates/${tpl.id}`)).json(),
    );
    const updated = await (
      await call('PUT', `/api/v1/scripts/templates/${tpl.id}`, {
        body: { visibility: 'shared', content: `${templateBody().content}echo done\n` },
      })
    ).json();
    validate('put', '/api/v1/scripts/templates/{id}', 200, updated);
    expect(updated).toMatchObject({ visibility: 'shared', version: 2 });

    const preview = await call('POST', `/api/v1/scripts/templates/${tpl.id}/preview`, {
      body: { values: { camera: 'gate-1' } },
    });
    const rendered = await preview.json();
    validate('post', '/api/v1/scripts/templates/{id}/preview', 200, rendered);
    expect(rendered.content.startsWith("CAMERA='gate-1'\nCOUNT='2'\n")).toBe(true);

    // another editor (shared now) instantiates it
    const made = await call('POST', `/api/v1/scripts/templates/${tpl.id}/instantiate`, {
      key: otherEditor,
      body: { name: `rest from template ${Date.now()}`, values: { camera: 'gate-1', count: 3 } },
    });
    expect(made.status).toBe(201);
    const instance = await made.json();
    validate('post', '/api/v1/scripts/templates/{id}/instantiate', 201, instance);
    expect(instance.script).toMatchObject({ status: 'draft', language: 'bash', version: 1 });
    expect(instance.secrets).toEqual([]);
    const run = await (
      await call('POST', `/api/v1/scripts/${instance.script.id}/execute`, { key: otherEditor, body: { wait: true } })
    ).json();
    expect(run.status).toBe('succeeded');
    expect(run.result).toEqual({ camera: 'gate-1', count: 3 });
    expect((await (await call('GET', `/api/v1/scripts/templates/${tpl.id}`)).json()).usage_count).toBe(1);

    const deleted = await call('DELETE', `/api/v1/scripts/templates/${tpl.id}`);
    validate('delete', '/api/v1/scripts/templates/{id}', 200, await deleted.json());
    await expectError(await call('GET', `/api/v1/scripts/templates/${tpl.id}`), 404, 'NOT_FOUND');

    // This file covers the operations tagged "templates".
    const documented = Object.entries(validate.doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => (op as { tags?: string[] }).tags?.[0] === 'templates')
        .map(([m]) => `${m} ${p}`),
    );
    expect(documented).toHaveLength(7);
    expect([...validate.covered].sort()).toEqual(documented.sort());
  });
});

describe('REST v1 templates: paths, permissions and bad input', () => {
  it('is not captured by /api/v1/scripts/{id}', async () => {
    // answered by the templates list, not by "get script templates" (which would be a 400 on the id)
    const list = await call('GET', '/api/v1/scripts/templates/');
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({ items: expect.any(Array), page: 1 });
    const noSlash = await call('GET', '/api/v1/scripts/templates');
    expect(noSlash.status).toBe(200);
    // and script ids still reach the scripts endpoints
    await expectError(await call('GET', '/api/v1/scripts/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    await expectError(await call('GET', '/api/v1/scripts/templates/not-a-uuid'), 400, 'VALIDATION_ERROR', 'path.id');
    await expectError(
      await call('GET', '/api/v1/scripts/templates/00000000-0000-4000-8000-000000000000'),
      404,
      'NOT_FOUND',
    );
  });

  it('hides private templates from others, keeps built-ins read-only, checks roles', async () => {
    const tpl = await (await call('POST', '/api/v1/scripts/templates/', { body: templateBody() })).json();
    await expectError(await call('GET', `/api/v1/scripts/templates/${tpl.id}`, { key: otherEditor }), 404, 'NOT_FOUND');
    const theirs = await (await call('GET', '/api/v1/scripts/templates/?page_size=200', { key: otherEditor })).json();
    expect(theirs.items.map((t: { id: string }) => t.id)).not.toContain(tpl.id);
    await expectError(
      await call('POST', '/api/v1/scripts/templates/', { key: viewer, body: templateBody() }),
      403,
      'FORBIDDEN',
    );
    expect((await call('GET', '/api/v1/scripts/templates/', { key: viewer })).status).toBe(200);

    const builtin = (await (await call('GET', '/api/v1/scripts/templates/?scope=builtin&search=disk')).json()).items[0];
    await expectError(
      await call('PUT', `/api/v1/scripts/templates/${builtin.id}`, { body: { description: 'x' } }),
      403,
      'FORBIDDEN',
    );
    await expectError(await call('DELETE', `/api/v1/scripts/templates/${builtin.id}`), 403, 'FORBIDDEN');
    await expectError(
      await call('POST', `/api/v1/scripts/templates/${builtin.id}/instantiate`, {
        key: viewer,
        body: { name: 'x', values: {} },
      }),
      403,
      'FORBIDDEN',
    );
  });

  it('refuses bad input with field names, never a 500', async () => {
    await expectError(
      await call('POST', '/api/v1/scripts/templates/', { body: { ...templateBody(), language: 'ruby' } }),
      400,
      'VALIDATION_ERROR',
      'language',
    );
    await expectError(
      await call('POST', '/api/v1/scripts/templates/', {
        body: { ...templateBody(), content: 'echo "{{camera}}" {{count}}' },
      }),
      400,
      'VALIDATION_ERROR',
      'content',
    );
    await expectError(
      await call('POST', '/api/v1/scripts/templates/', {
        body: { ...templateBody(), parameters: [{ name: 'bad name', type: 'string' }] },
      }),
      400,
      'VALIDATION_ERROR',
      'parameters.0.name',
    );
    await expectError(
      await call('POST', '/api/v1/scripts/templates/', { body: { ...templateBody(), visibility: 'builtin' } }),
      400,
      'VALIDATION_ERROR',
      'visibility',
    );
    const body = templateBody();
    await call('POST', '/api/v1/scripts/templates/', { body });
    await expectError(await call('POST', '/api/v1/scripts/templates/', { body }), 409, 'CONFLICT', 'name');

    const tpl = await (await call('POST', '/api/v1/scripts/templates/', { body: templateBody() })).json();
    const instantiate = (values: unknown, name: unknown = `bad ${Date.now()}`) =>
      call('POST', `/api/v1/scripts/templates/${tpl.id}/instantiate`, { body: { name, values } });
    await expectError(await instantiate({}), 400, 'VALIDATION_ERROR', 'values.camera');
    await expectError(await instantiate({ camera: "x'; rm -rf /" }), 400, 'VALIDATION_ERROR', 'values.camera');
    await expectError(await instantiate({ camera: 'ok', count: 'many' }), 400, 'VALIDATION_ERROR', 'values.count');
    await expectError(await instantiate({ camera: 'ok', nope: 1 }), 400, 'VALIDATION_ERROR', 'values.nope');
    await expectError(await instantiate({ camera: { nested: true } }), 400, 'VALIDATION_ERROR', 'values.camera');
    await expectError(await instantiate({ camera: 'ok' }, ''), 400, 'VALIDATION_ERROR', 'name');
    await expectError(
      await call('POST', '/api/v1/scripts/templates/00000000-0000-4000-8000-000000000000/instantiate', {
        body: { name: 'x' },
      }),
      404,
      'NOT_FOUND',
    );
  });
});
