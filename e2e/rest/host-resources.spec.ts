/**
 * Host resources through REST v1 against the real build, with its real worker: an admin defines a
 * read-write host directory (refused paths first), the built-in "Clean up old recordings" is
 * instantiated for it, run, and deletes exactly the old files on the host; an editor may neither
 * define nor grant it; the resource lists the script that uses it and cannot be deleted meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { baseUrl } from '../support/browser';
import { createKey } from '../support/api-key';
import { openApiValidator } from './openapi-validator';
import { expectError, restClient } from './rest-client';

let admin: string;
let editor: string;
let root: string;
let rec: string;
let validate: Awaited<ReturnType<typeof openApiValidator>>;
const call = restClient(() => admin);
const name = `recordings-${Date.now()}`;

function file(p: string, daysOld: number) {
  writeFileSync(p, 'x'.repeat(1000));
  const t = Date.now() / 1000 - daysOld * 86_400;
  utimesSync(p, t, t);
}

beforeAll(async () => {
  admin = await createKey('admin', `hr-admin-${Date.now()}`);
  editor = await createKey('editor', `hr-editor-${Date.now()}`);
  validate = await openApiValidator(baseUrl());
  root = mkdtempSync('/var/tmp/vss-e2e-hr-');
  chmodSync(root, 0o755);
  rec = path.join(root, 'recordings');
  mkdirSync(path.join(rec, 'cam1'), { recursive: true });
  chmodSync(rec, 0o777);
  chmodSync(path.join(rec, 'cam1'), 0o777);
  file(path.join(rec, 'cam1', 'old.mp4'), 45);
  file(path.join(rec, 'old.mp4'), 31);
  file(path.join(rec, 'new.mp4'), 1);
  file(path.join(rec, 'old.log'), 45);
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('REST v1 host resources', () => {
  it('refuses dangerous paths, naming the field and the rule', async () => {
    for (const [p, why] of [
      ['/', /root directory/],
      ['/etc', /\/etc/],
      ['/proc/1', /\/proc/],
      ['/run', /\/run as a whole/],
      [`${rec}/../..`, /\.\. segments/],
      [process.cwd(), /(is|contains|is inside) \//],
    ] as const) {
      const res = await call('POST', '/api/v1/host-resources/', {
        body: { name: `bad-${Date.now()}`, path: p, kind: 'directory', mode: 'read-write' },
      });
      const body = await expectError(res, 400, 'VALIDATION_ERROR', 'path');
      expect(body.error.message, p).toMatch(why);
    }
    await expectError(
      await call('POST', '/api/v1/host-resources/', {
        key: editor,
        body: { name: `by-editor-${Date.now()}`, path: rec, kind: 'directory', mode: 'read-write' },
      }),
      403,
      'FORBIDDEN',
    );
  });

  it('cleans up a granted host directory with the built-in template: only the old recordings go', async () => {
    const created = await call('POST', '/api/v1/host-resources/', {
      body: { name, path: rec, kind: 'directory', mode: 'read-write', description: 'e2e recordings' },
    });
    expect(created.status).toBe(201);
    const resource = await created.json();
    validate('post', '/api/v1/host-resources/', 201, resource);

    const builtins = await (await call('GET', '/api/v1/scripts/templates/?scope=builtin&page_size=50')).json();
    const cleanup = builtins.items.find((t: { builtin_key: string }) => t.builtin_key === 'cleanup-old-recordings');
    expect(cleanup.parameters.find((p: { name: string }) => p.name === 'directory').host_resource).toEqual({
      kind: 'directory',
      mode: 'read-write',
    });

    // An editor may not grant it, so may not make a script that needs it.
    await expectError(
      await call('POST', `/api/v1/scripts/templates/${cleanup.id}/instantiate`, {
        key: editor,
        body: { name: `cleanup e2e editor ${Date.now()}`, values: { directory: rec, dry_run: false } },
      }),
      403,
      'FORBIDDEN',
    );
    // No resource covers an ungranted host directory.
    await expectError(
      await call('POST', `/api/v1/scripts/templates/${cleanup.id}/instantiate`, {
        body: { name: `cleanup e2e none ${Date.now()}`, values: { directory: root, dry_run: false } },
      }),
      400,
      'VALIDATION_ERROR',
      'values.directory',
    );

    const inst = await call('POST', `/api/v1/scripts/templates/${cleanup.id}/instantiate`, {
      body: {
        name: `cleanup e2e ${Date.now()}`,
        values: { directory: rec, days: 30, pattern: '*.mp4', dry_run: false },
      },
    });
    expect(inst.status).toBe(201);
    const { script } = await inst.json();
    const grants = await call('GET', `/api/v1/scripts/${script.id}/host-resources`);
    const grantsBody = await grants.json();
    validate('get', '/api/v1/scripts/{id}/host-resources', 200, grantsBody);
    expect(grantsBody.items).toEqual([
      expect.objectContaining({ name, path: rec, mode: 'read-write', state: 'granted' }),
    ]);

    const run = await call('POST', `/api/v1/scripts/${script.id}/execute`, { body: { wait: true } });
    const execution = await run.json();
    expect(execution.status, JSON.stringify(execution)).toBe('succeeded');
    expect(execution.result).toMatchObject({ matched: 2, deleted: 2, failed: 0, dry_run: false });
    expect(existsSync(path.join(rec, 'cam1', 'old.mp4'))).toBe(false);
    expect(existsSync(path.join(rec, 'old.mp4'))).toBe(false);
    expect(existsSync(path.join(rec, 'new.mp4'))).toBe(true);
    expect(existsSync(path.join(rec, 'old.log'))).toBe(true);
    const logs = await (await call('GET', `/api/v1/scripts/executions/${execution.id}/logs`)).json();
    const text = logs.lines.map((l: { text: string }) => l.text).join('');
    expect(text).toContain(`host resources: ${name} (directory ${rec}, read-write)`);
    expect(text).toContain('2 file(s) deleted, 2000 bytes; 0 failed');

    // The resource lists its script, refuses deletion while used, and the editor cannot take it over.
    const list = await (await call('GET', '/api/v1/host-resources/', { key: editor })).json();
    validate('get', '/api/v1/host-resources/', 200, list);
    expect(list.items.find((r: { id: string }) => r.id === resource.id)).toMatchObject({
      grantable: false,
      scripts: [{ id: script.id, state: 'granted' }],
    });
    await expectError(await call('DELETE', `/api/v1/host-resources/${resource.id}`), 409, 'CONFLICT');
    // An editor's content change suspends the grant; the next run fails before it starts.
    const edited = await call('PUT', `/api/v1/scripts/${script.id}`, {
      key: editor,
      body: { content: `${script.content}\n# edited` },
    });
    expect(edited.status).toBe(200);
    const editedBody = await edited.json();
    expect(editedBody.host_resources).toEqual([
      expect.objectContaining({ name, state: 'suspended', reason: expect.stringContaining('who may not grant') }),
    ]);
    await expectError(
      await call('PUT', `/api/v1/scripts/${script.id}/host-resources`, {
        key: editor,
        body: { host_resources: [name, 'x-other'] },
      }),
      400,
      'VALIDATION_ERROR',
      'host_resources',
    );
    const blocked = await (await call('POST', `/api/v1/scripts/${script.id}/execute`, { body: { wait: true } })).json();
    expect(blocked.status).toBe('failed');
    expect(blocked.error).toMatch(new RegExp(`^host resource ${name} is not granted to this script`));
  });
});
