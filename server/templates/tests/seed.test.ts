/**
 * Seeding of the built-in templates. This file works on a database of its own (created and
 * migrated here), because every worker start-up in the shared test database seeds the real list
 * and would retire the test-only built-ins used below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { asc, eq, isNotNull } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { auditLogs, scriptTemplates } from '@/db/schema';
import { createTestActor } from '@/server/test/fixtures';
import { builtinTemplates, type BuiltinTemplate } from '../builtin';
import { createTemplate } from '../create-template';
import { getTemplate } from '../get-template';
import { seedBuiltinTemplates } from '../seed-builtin-templates';

const sharedUrl = process.env.DATABASE_URL!;
const dbName = `vss_seed_${randomBytes(5).toString('hex')}`;

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: sharedUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  await admin(`create database ${dbName}`);
  const url = new URL(sharedUrl);
  url.pathname = `/${dbName}`;
  await runMigrations(url.toString());
  await closeDb();
  process.env.DATABASE_URL = url.toString();
});
afterAll(async () => {
  await closeDb();
  process.env.DATABASE_URL = sharedUrl;
  await admin(`drop database if exists ${dbName} with (force)`);
});

const allRows = () =>
  db().select().from(scriptTemplates).orderBy(asc(scriptTemplates.createdAt), asc(scriptTemplates.id));
const builtinRows = () =>
  db()
    .select()
    .from(scriptTemplates)
    .where(isNotNull(scriptTemplates.builtinKey))
    .orderBy(asc(scriptTemplates.builtinKey));

const testDef: BuiltinTemplate = {
  key: 'test-seeded',
  name: 'Seeded test template',
  description: 'first',
  category: 'test',
  language: 'bash',
  needs_network: false,
  parameters: [{ name: 'who', type: 'string', default: 'world' }],
  content: 'WHO={{who}}\necho "hello $WHO"\n',
};

describe('seeding built-in templates', () => {
  it('installs every built-in once; a second run changes nothing', async () => {
    const first = await seedBuiltinTemplates();
    expect(first.created.sort()).toEqual(builtinTemplates.map((t) => t.key).sort());
    const before = await builtinRows();
    expect(
      before.every((r) => r.visibility === 'builtin' && r.ownerId === null && r.version === 1 && r.deletedAt === null),
    ).toBe(true);

    const second = await seedBuiltinTemplates();
    expect(second).toEqual({ created: [], updated: [], retired: [], unchanged: builtinTemplates.length });
    expect(await builtinRows()).toEqual(before); // same ids, versions, hashes and timestamps

    // several processes starting at once (web + workers): no duplicate, no error
    await Promise.all([seedBuiltinTemplates(), seedBuiltinTemplates(), seedBuiltinTemplates()]);
    expect(await builtinRows()).toEqual(before);
  });

  it('upgrades a changed built-in by key, bumping the version only for content/parameter changes, and never touches user templates', async () => {
    const user = await createTestActor('editor');
    const mine = await createTemplate({
      actor: user,
      input: { name: 'My own template', language: 'bash', content: 'echo mine\n', category: 'test' },
    });
    const userRowBefore = (await allRows()).find((r) => r.id === mine.id);

    expect((await seedBuiltinTemplates([...builtinTemplates, testDef])).created).toEqual(['test-seeded']);
    const installed = (await builtinRows()).find((r) => r.builtinKey === 'test-seeded')!;
    expect(installed).toMatchObject({ name: 'Seeded test template', version: 1, description: 'first' });

    // description only: rewritten, same version
    const r1 = await seedBuiltinTemplates([...builtinTemplates, { ...testDef, description: 'second' }]);
    expect(r1).toMatchObject({ created: [], updated: ['test-seeded'], retired: [] });
    let row = (await builtinRows()).find((r) => r.builtinKey === 'test-seeded')!;
    expect(row).toMatchObject({ id: installed.id, description: 'second', version: 1 });
    expect(row.builtinHash).not.toBe(installed.builtinHash);

    // content change: new version
    const v2 = { ...testDef, description: 'second', content: 'WHO={{who}}\necho "hi $WHO"\n' };
    expect((await seedBuiltinTemplates([...builtinTemplates, v2])).updated).toEqual(['test-seeded']);
    row = (await builtinRows()).find((r) => r.builtinKey === 'test-seeded')!;
    expect(row).toMatchObject({ id: installed.id, version: 2, content: v2.content });

    // parameter change: new version; same definition again: nothing
    const v3 = { ...v2, parameters: [{ name: 'who', type: 'string' as const, default: 'VSS' }] };
    await seedBuiltinTemplates([...builtinTemplates, v3]);
    expect((await getTemplate({ actor: user, id: installed.id })).version).toBe(3);
    expect((await seedBuiltinTemplates([...builtinTemplates, v3])).unchanged).toBe(builtinTemplates.length + 1);

    // removed from the list: retired (hidden); back in the list: restored with the same id
    expect((await seedBuiltinTemplates()).retired).toEqual(['test-seeded']);
    await expect(getTemplate({ actor: user, id: installed.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await seedBuiltinTemplates([...builtinTemplates, v3])).updated).toEqual(['test-seeded']);
    expect((await getTemplate({ actor: user, id: installed.id })).version).toBe(3);

    // the user's template went through all of that untouched
    expect((await allRows()).find((r) => r.id === mine.id)).toEqual(userRowBefore);
    const audit = await db().select().from(auditLogs).where(eq(auditLogs.entityId, installed.id));
    expect(audit.map((a) => a.summary)).toEqual(
      expect.arrayContaining([
        'built-in template test-seeded installed',
        'built-in template test-seeded upgraded to v2',
        'built-in template test-seeded retired',
      ]),
    );
  });

  it('gives way to a user template that already has a built-in name', async () => {
    const user = await createTestActor('editor');
    await createTemplate({
      actor: user,
      input: { name: 'Brand new built-in', language: 'bash', content: 'echo user\n' },
    });
    await seedBuiltinTemplates([...builtinTemplates, { ...testDef, key: 'test-clash', name: 'Brand new built-in' }]);
    const rows = await allRows();
    expect(rows.filter((r) => r.name === 'Brand new built-in').map((r) => r.visibility)).toEqual(['private']);
    expect(rows.find((r) => r.builtinKey === 'test-clash')!.name).toBe('Brand new built-in (built-in)');
  });

  it('refuses a broken built-in definition at start-up', async () => {
    await expect(
      seedBuiltinTemplates([{ ...testDef, key: 'test-broken', content: 'echo "{{who}}"' }]),
    ).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    expect((await builtinRows()).some((r) => r.builtinKey === 'test-broken')).toBe(false);
  });
});
