/**
 * Host resources through the real services and database: defining (and refusing) resources, who
 * may attach them to scripts (the permission matrix), what a content change does to a grant, and
 * the audit rows of all of it. Runs are in host-resources-run.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { auditLogs } from '@/db/schema';
import type { Actor, Role } from '@/server/auth/actor';
import { env } from '@/server/env';
import { AppError } from '@/server/errors/app-error';
import { createScript } from '@/server/scripts/create-script';
import { getScript } from '@/server/scripts/get-script';
import { updateScript } from '@/server/scripts/update-script';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { createHostResource } from '../create-host-resource';
import { deleteHostResource } from '../delete-host-resource';
import { listHostResources } from '../list-host-resources';
import { setScriptHostResources } from '../set-script-host-resources';
import { updateHostResource } from '../update-host-resource';

let root: string;
const actors = {} as Record<Role, Actor & { type: 'user' }>;

beforeAll(async () => {
  root = mkdtempSync('/var/tmp/vss-hr-svc-');
  for (const role of ['admin', 'editor', 'operator', 'viewer'] as const) actors[role] = await createTestActor(role);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const slug = () => uniqueName('r').replace(/\s+/g, '-').toLowerCase();

async function resource(extra: Partial<Parameters<typeof createHostResource>[0]['input']> = {}) {
  const dir = path.join(root, slug());
  mkdirSync(dir);
  return createHostResource({
    actor: actors.admin,
    input: { name: slug(), path: dir, kind: 'directory', mode: 'read-write', ...extra },
  });
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'expected a refusal').toBeInstanceOf(AppError);
  return err as AppError;
}

async function auditOf(entityId: string) {
  return db().select().from(auditLogs).where(eq(auditLogs.entityId, entityId)).orderBy(asc(auditLogs.at));
}

describe('defining host resources', () => {
  it('refuses dangerous paths with the rule, and non-admins', async () => {
    const cases: [string, 'directory' | 'file' | 'socket' | 'device', RegExp][] = [
      ['/', 'directory', /root directory/],
      [process.cwd(), 'directory', /^path: (is|contains|is inside) \//],
      [path.dirname(process.cwd()), 'directory', /contains/],
      [path.resolve(env().DATA_DIR), 'directory', /^path: (is|contains|is inside) \//],
      [path.resolve(env().SCRIPT_STORAGE_PATH), 'directory', /^path: (is|contains|is inside) \//],
      ['/etc', 'directory', /\/etc/],
      ['/proc/self', 'directory', /\/proc/],
      ['/dev', 'directory', /\/dev as a whole/],
      ['/run', 'directory', /\/run as a whole/],
      ['/usr/lib', 'directory', /\/usr/],
      ['/srv/a/../../etc', 'directory', /\.\. segments/],
      ['relative/dir', 'directory', /absolute/],
      ['/srv/a\0b', 'directory', /NUL/],
      ['/dev/sda', 'device', /whole disk/],
      ['/run/docker.sock', 'socket', /container-engine/],
    ];
    for (const [p, kind, why] of cases) {
      const err = await refusal(
        createHostResource({ actor: actors.admin, input: { name: slug(), path: p, kind, mode: 'read-write' } }),
      );
      expect(err.code, p).toBe('VALIDATION_ERROR');
      expect(err.details[0]?.field, p).toBe('path');
      expect(err.message, p).toMatch(why);
    }
    expect(
      (
        await refusal(
          createHostResource({
            actor: actors.admin,
            input: { name: slug(), path: '/dev/nvidia0', kind: 'device', mode: 'read-only' },
          }),
        )
      ).details[0]?.field,
    ).toBe('mode');
    expect(
      (
        await refusal(
          createHostResource({
            actor: actors.admin,
            input: { name: 'Bad Name', path: '/srv/x', kind: 'directory', mode: 'read-only' },
          }),
        )
      ).details[0]?.field,
    ).toBe('name');
    for (const role of ['editor', 'operator', 'viewer'] as const) {
      expect(
        (
          await refusal(
            createHostResource({
              actor: actors[role],
              input: { name: slug(), path: '/srv/ok', kind: 'directory', mode: 'read-only' },
            }),
          )
        ).code,
      ).toBe('FORBIDDEN');
    }
  });

  it('creates, lists with its scripts, updates and refuses deleting one in use; every change audited', async () => {
    const r = await resource({ description: 'camera recordings', grant_roles: ['editor'] });
    expect(r).toMatchObject({
      kind: 'directory',
      mode: 'read-write',
      grant_roles: ['editor'],
      grantable: true,
      scripts: [],
    });
    const dup = await refusal(
      createHostResource({
        actor: actors.admin,
        input: { name: r.name, path: path.join(root, 'other'), kind: 'directory', mode: 'read-only' },
      }),
    );
    expect(dup.code).toBe('CONFLICT');
    const script = await createScript({
      actor: actors.admin,
      input: { name: uniqueName('uses'), content: 'ls "$1"', language: 'bash', host_resources: [r.name] },
    });
    const listed = (await listHostResources({ actor: actors.editor })).items.find((i) => i.id === r.id)!;
    expect(listed.scripts).toEqual([{ id: script.id, name: script.name, status: 'draft', state: 'granted' }]);
    expect(listed.grantable).toBe(true); // the resource lists editors
    expect((await refusal(listHostResources({ actor: actors.operator }))).code).toBe('FORBIDDEN');
    const updated = await updateHostResource({
      actor: actors.admin,
      input: { id: r.id, patch: { mode: 'read-only', grant_roles: [] } },
    });
    expect(updated).toMatchObject({ mode: 'read-only', grant_roles: [] });
    const inUse = await refusal(deleteHostResource({ actor: actors.admin, id: r.id }));
    expect(inUse.code).toBe('CONFLICT');
    expect(inUse.message).toContain(script.name);
    await setScriptHostResources({ actor: actors.admin, input: { id: script.id, host_resources: [] } });
    expect(await deleteHostResource({ actor: actors.admin, id: r.id })).toEqual({ id: r.id, deleted: true });
    const audit = await auditOf(r.id);
    expect(audit.map((a) => a.action)).toEqual([
      'host_resource.create',
      'host_resource.update',
      'host_resource.delete',
    ]);
    expect(audit[1]!.summary).toContain('mode read-write → read-only');
    const scriptAudit = (await auditOf(script.id)).map((a) => [a.action, a.summary]);
    expect(scriptAudit).toContainEqual([
      'host_resource.grant',
      expect.stringContaining(`granted host resource ${r.name}`),
    ]);
    expect(scriptAudit).toContainEqual([
      'host_resource.revoke',
      expect.stringContaining(`removed host resource ${r.name}`),
    ]);
  });
});

describe('who may attach a host resource to a script', () => {
  it('admins always; others only when the resource lists their role or them, and only if they may change scripts', async () => {
    const onlyAdmins = await resource();
    const forEditors = await resource({ grant_roles: ['editor'] });
    const forOperators = await resource({ grant_roles: ['operator'] }); // operators cannot change scripts at all
    const forOneEditor = await resource({ grant_user_ids: [actors.editor.id] });
    const otherEditor = await createTestActor('editor');
    const matrix: [Actor & { type: 'user' }, string, boolean][] = [
      [actors.admin, onlyAdmins.name, true],
      [actors.editor, onlyAdmins.name, false],
      [actors.editor, forEditors.name, true],
      [actors.editor, forOneEditor.name, true],
      [otherEditor, forOneEditor.name, false],
      [otherEditor, forEditors.name, true],
      [actors.operator, forOperators.name, false],
      [actors.viewer, forEditors.name, false],
    ];
    for (const [actor, name, allowed] of matrix) {
      const script = await createScript({
        actor: actors.admin,
        input: { name: uniqueName('m'), content: 'true', language: 'bash' },
      });
      const attach = setScriptHostResources({ actor, input: { id: script.id, host_resources: [name] } });
      if (allowed) {
        expect(
          (await attach).items.map((i) => [i.name, i.state]),
          `${actor.role} ${name}`,
        ).toEqual([[name, 'granted']]);
      } else {
        const err = await refusal(attach);
        expect(err.code, `${actor.role} ${name}`).toBe('FORBIDDEN');
        expect((await getScript({ actor: actors.admin, id: script.id })).host_resources).toEqual([]);
      }
      // Declaring it while creating follows the same rule.
      const create = createScript({
        actor,
        input: { name: uniqueName('m'), content: 'true', language: 'bash', host_resources: [name] },
      });
      if (allowed) expect((await create).host_resources?.map((i) => i.name)).toEqual([name]);
      else expect((await refusal(create)).code).toBe('FORBIDDEN');
    }
    const unknown = await refusal(
      createScript({
        actor: actors.admin,
        input: { name: uniqueName('m'), content: 'true', language: 'bash', host_resources: ['no-such-resource'] },
      }),
    );
    expect(unknown.code).toBe('VALIDATION_ERROR');
    expect(unknown.message).toContain('no-such-resource');
  });

  it('a content change by someone who may not grant suspends the grant, drops the script to draft and says why', async () => {
    const rec = await resource();
    const script = await createScript({
      actor: actors.admin,
      input: {
        name: uniqueName('s'),
        content: 'ls /x',
        language: 'bash',
        status: 'active',
        host_resources: [rec.name],
      },
    });
    expect(script.status).toBe('active');
    // Metadata only: the grant stays.
    const renamed = await updateScript({
      actor: actors.editor,
      input: { id: script.id, patch: { description: 'still fine' } },
    });
    expect(renamed.host_resources?.[0]?.state).toBe('granted');
    expect(renamed.status).toBe('active');
    const edited = await updateScript({
      actor: actors.editor,
      input: { id: script.id, patch: { content: 'rm -rf /x/*' } },
    });
    expect(edited.status).toBe('draft');
    expect(edited.host_resources).toEqual([
      expect.objectContaining({ name: rec.name, state: 'suspended', script_version: 2 }),
    ]);
    expect(edited.host_resources![0]!.reason).toMatch(
      new RegExp(`version 2 was saved by ${actors.editor.email}, who may not grant ${rec.name}`),
    );
    // It cannot be activated again until someone allowed grants it.
    const activate = await refusal(
      updateScript({ actor: actors.editor, input: { id: script.id, patch: { status: 'active' } } }),
    );
    expect(activate.code).toBe('CONFLICT');
    expect(activate.message).toContain(rec.name);
    // Listing it again does not grant it for the editor...
    const relist = await setScriptHostResources({
      actor: actors.editor,
      input: { id: script.id, host_resources: [rec.name] },
    });
    expect(relist.items[0]!.state).toBe('suspended');
    // ...an admin's does.
    const regrant = await setScriptHostResources({
      actor: actors.admin,
      input: { id: script.id, host_resources: [rec.name] },
    });
    expect(regrant.items[0]).toMatchObject({
      state: 'granted',
      reason: '',
      granted_by: actors.admin.email,
      script_version: 2,
    });
    expect(
      (await updateScript({ actor: actors.editor, input: { id: script.id, patch: { status: 'active' } } })).status,
    ).toBe('active');
    // An admin's content change keeps the grant (it now covers the new version).
    const byAdmin = await updateScript({
      actor: actors.admin,
      input: { id: script.id, patch: { content: 'ls /x # v3' } },
    });
    expect(byAdmin).toMatchObject({
      status: 'active',
      host_resources: [expect.objectContaining({ state: 'granted', script_version: 3 })],
    });
    // An editor the resource lists may change the content too.
    await updateHostResource({
      actor: actors.admin,
      input: { id: rec.id, patch: { grant_user_ids: [actors.editor.id] } },
    });
    const byListed = await updateScript({
      actor: actors.editor,
      input: { id: script.id, patch: { content: 'ls /x # v4' } },
    });
    expect(byListed).toMatchObject({
      status: 'active',
      host_resources: [expect.objectContaining({ state: 'granted', script_version: 4 })],
    });

    const rows = await db()
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.entityId, script.id)))
      .orderBy(asc(auditLogs.at));
    const actions = rows.map((r) => r.action);
    expect(actions).toContain('host_resource.suspend');
    expect(rows.find((r) => r.action === 'script.status')?.summary).toBe(
      `active → draft: host resource ${rec.name} awaits a grant`,
    );
    expect(actions.filter((a) => a === 'host_resource.grant')).toHaveLength(2);
  });
});
