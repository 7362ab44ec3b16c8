import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { auditLogs, scripts, scriptVersions } from '@/db/schema';
import { AppError } from '@/server/errors/app-error';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { createScript } from '../create-script';
import { updateScript } from '../update-script';
import { getScript } from '../get-script';
import { listScripts } from '../list-scripts';
import { deleteScript } from '../delete-script';
import { getScriptVersion, listScriptVersions, restoreScriptVersion } from '../script-versions';
import { listScriptFacets, setScriptsStatus } from '../script-facets';
import { canRun } from '../status-rules';
import { actorUserId, type Actor } from '@/server/auth/actor';

let admin: Actor;
let viewer: Actor;

beforeAll(async () => {
  admin = await createTestActor('admin');
  viewer = await createTestActor('viewer');
});

async function expectAppError(p: Promise<unknown>, code: AppError['code'], field?: string) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  if (field) expect((err as AppError).details.map((d) => d.field)).toContain(field);
  return err as AppError;
}

describe('scripts service', () => {
  it('creates a script with version 1, defaults, and an audit row', async () => {
    const s = await createScript({
      actor: admin,
      input: { name: uniqueName(), content: 'print("hi")\n', language: 'python' },
    });
    expect(s.version).toBe(1);
    expect(s.status).toBe('draft');
    expect(s.timeout).toBe(300); // SCRIPT_TIMEOUT default
    expect(s.tags).toEqual([]);
    const versions = await listScriptVersions({ actor: admin, id: s.id });
    expect(versions.map((v) => v.version)).toEqual([1]);
    const audit = await db().select().from(auditLogs).where(eq(auditLogs.entityId, s.id));
    expect(audit.map((a) => a.action)).toContain('script.create');
  });

  it('versions only content changes, and restore makes a new version', async () => {
    const s = await createScript({
      actor: admin,
      input: { name: uniqueName(), content: 'echo one\n', language: 'bash' },
    });
    const meta = await updateScript({ actor: admin, input: { id: s.id, patch: { description: 'just metadata' } } });
    expect(meta.version).toBe(1);
    const v2 = await updateScript({
      actor: admin,
      input: { id: s.id, patch: { content: 'echo two\n', message: 'second' } },
    });
    expect(v2.version).toBe(2);
    const same = await updateScript({ actor: admin, input: { id: s.id, patch: { content: 'echo two\n' } } });
    expect(same.version).toBe(2); // identical content is not a new version
    const restored = await restoreScriptVersion({ actor: admin, id: s.id, version: 1 });
    expect(restored.version).toBe(3);
    expect(restored.content).toBe('echo one\n');
    const history = await listScriptVersions({ actor: admin, id: s.id });
    expect(history.map((h) => [h.version, h.message])).toEqual([
      [3, 'restored version 1'],
      [2, 'second'],
      [1, 'created'],
    ]);
    expect((await getScriptVersion({ actor: admin, id: s.id, version: 2 })).content).toBe('echo two\n');
  });

  it('refuses bad input with a named field and changes nothing', async () => {
    // Other test files create scripts in the same database meanwhile: count this actor's only.
    const mine = async () =>
      (
        await db()
          .select()
          .from(scripts)
          .where(eq(scripts.ownerId, actorUserId(admin)!))
      ).length;
    const before = await mine();
    await expectAppError(
      createScript({ actor: admin, input: { name: '', content: 'x', language: 'python' } }),
      'VALIDATION_ERROR',
      'name',
    );
    await expectAppError(
      createScript({ actor: admin, input: { name: uniqueName(), content: 'x', language: 'ruby' as 'python' } }),
      'VALIDATION_ERROR',
      'language',
    );
    await expectAppError(
      createScript({
        actor: admin,
        input: { name: uniqueName(), content: 'x'.repeat(1024 * 1024 + 1), language: 'bash' },
      }),
      'VALIDATION_ERROR',
      'content',
    );
    await expectAppError(
      createScript({
        actor: admin,
        input: { name: uniqueName(), content: 'x', language: 'bash', parameters_schema: { type: 'no-such-type' } },
      }),
      'VALIDATION_ERROR',
      'parameters_schema',
    );
    await expectAppError(
      createScript({ actor: admin, input: { name: 'n'.repeat(201), content: 'x', language: 'bash' } }),
      'VALIDATION_ERROR',
      'name',
    );
    expect(await mine()).toBe(before);
  });

  it('keeps names unique (case-insensitive) among live scripts', async () => {
    const name = uniqueName('Unique');
    const s = await createScript({ actor: admin, input: { name, content: 'true', language: 'bash' } });
    await expectAppError(
      createScript({ actor: admin, input: { name: name.toLowerCase(), content: 'true', language: 'bash' } }),
      'CONFLICT',
      'name',
    );
    await deleteScript({ actor: admin, id: s.id });
    const again = await createScript({ actor: admin, input: { name, content: 'true', language: 'bash' } });
    expect(again.id).not.toBe(s.id);
  });

  it('refuses activation with syntax errors or blocking findings, but saves such drafts flagged', async () => {
    const bad = await createScript({
      actor: admin,
      input: { name: uniqueName(), content: 'def broken(:\n  pass\n', language: 'python' },
    });
    expect((bad.validation as { ok: boolean }).ok).toBe(false);
    const err = await expectAppError(
      updateScript({ actor: admin, input: { id: bad.id, patch: { status: 'active' } } }),
      'UNPROCESSABLE',
    );
    expect(err.details[0]?.message).toMatch(/^line 1/);
    const danger = await createScript({
      actor: admin,
      input: { name: uniqueName(), content: 'sudo rm -rf /\n', language: 'bash' },
    });
    expect((danger.validation as { blocking: boolean }).blocking).toBe(true);
    await expectAppError(
      updateScript({ actor: admin, input: { id: danger.id, patch: { status: 'active' } } }),
      'UNPROCESSABLE',
    );
    await expectAppError(
      createScript({
        actor: admin,
        input: { name: uniqueName(), content: 'sudo rm -rf /', language: 'bash', status: 'active' },
      }),
      'UNPROCESSABLE',
    );
    const fixed = await updateScript({
      actor: admin,
      input: { id: danger.id, patch: { content: 'rm -rf ./build\n', status: 'active' } },
    });
    expect(fixed.status).toBe('active');
    expect((await getScript({ actor: admin, id: danger.id })).status).toBe('active');
  });

  it('lists with filters, search, pagination, and hides archived and deleted scripts by default', async () => {
    const cat = uniqueName('cat');
    const a = await createScript({
      actor: admin,
      input: {
        name: uniqueName('alpha'),
        content: 'true',
        language: 'bash',
        category: cat,
        tags: ['camera', 'nightly'],
      },
    });
    const b = await createScript({
      actor: admin,
      input: { name: uniqueName('beta'), content: 'pass', language: 'python', category: cat, tags: ['camera'] },
    });
    const c = await createScript({
      actor: admin,
      input: { name: uniqueName('gamma'), content: 'true', language: 'bash', category: cat, status: 'archived' },
    });
    const d = await createScript({
      actor: admin,
      input: { name: uniqueName('delta'), content: 'true', language: 'bash', category: cat },
    });
    await deleteScript({ actor: admin, id: d.id });
    const ids = async (input: Parameters<typeof listScripts>[0]['input']) =>
      (await listScripts({ actor: viewer, input: { category: cat, ...input } })).items.map((s) => s.id).sort();
    expect(await ids({})).toEqual([a.id, b.id].sort());
    expect(await ids({ include_archived: true })).toEqual([a.id, b.id, c.id].sort());
    expect(await ids({ language: 'python' })).toEqual([b.id]);
    expect(await ids({ tag: 'nightly' })).toEqual([a.id]);
    expect(await ids({ search: a.name.slice(0, 12) })).toEqual([a.id]);
    const page1 = await listScripts({
      actor: viewer,
      input: { category: cat, page_size: 1, sort: 'name', order: 'asc' },
    });
    expect(page1.total).toBe(2);
    expect(page1.pages).toBe(2);
    expect(page1.items[0]!.id).toBe(a.id);
    const facets = await listScriptFacets({ actor: viewer });
    expect(facets.categories).toContain(cat);
    expect(facets.tags).toEqual(expect.arrayContaining(['camera', 'nightly']));
  });

  it('soft-deletes: gone from lookups, the row and its versions stay for history', async () => {
    const s = await createScript({ actor: admin, input: { name: uniqueName(), content: 'true', language: 'bash' } });
    await deleteScript({ actor: admin, id: s.id });
    await expectAppError(getScript({ actor: admin, id: s.id }), 'NOT_FOUND');
    const [row] = await db().select().from(scripts).where(eq(scripts.id, s.id));
    expect(row?.deletedAt).toBeInstanceOf(Date);
    expect(row?.status).toBe('archived');
    expect(await db().select().from(scriptVersions).where(eq(scriptVersions.scriptId, s.id))).toHaveLength(1);
  });

  it('enforces permissions: a viewer reads but cannot write', async () => {
    await expectAppError(
      createScript({ actor: viewer, input: { name: uniqueName(), content: 'true', language: 'bash' } }),
      'FORBIDDEN',
    );
    const s = await createScript({ actor: admin, input: { name: uniqueName(), content: 'true', language: 'bash' } });
    expect((await getScript({ actor: viewer, id: s.id })).id).toBe(s.id);
    await expectAppError(deleteScript({ actor: viewer, id: s.id }), 'FORBIDDEN');
  });

  it('bulk status change reports per script', async () => {
    const ok = await createScript({ actor: admin, input: { name: uniqueName(), content: 'true', language: 'bash' } });
    const bad = await createScript({
      actor: admin,
      input: { name: uniqueName(), content: 'if then', language: 'bash' },
    });
    const { results } = await setScriptsStatus({ actor: admin, input: { ids: [ok.id, bad.id], status: 'active' } });
    expect(results.map((r) => r.ok)).toEqual([true, false]);
  });

  it('status rules: who may run what', () => {
    expect(canRun('active', 'schedule')).toBe(true);
    expect(canRun('draft', 'manual')).toBe(true);
    expect(canRun('draft', 'schedule')).toBe(false);
    expect(canRun('draft', 'workflow')).toBe(false);
    expect(canRun('disabled', 'manual')).toBe(false);
    expect(canRun('archived', 'api')).toBe(false);
  });
});
