import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import { db } from '@/db/client';
import { auditLogs, scripts, scriptTemplates } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { createScript } from '@/server/scripts/create-script';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { createScriptFromTemplate } from '../create-script-from-template';
import { createTemplate } from '../create-template';
import { deleteTemplate } from '../delete-template';
import { getTemplate } from '../get-template';
import { listTemplateCategories, listTemplates } from '../list-templates';
import { previewTemplate } from '../preview-template';
import { saveScriptAsTemplate } from '../save-script-as-template';
import { seedBuiltinTemplates } from '../seed-builtin-templates';
import { updateTemplate } from '../update-template';

let admin: Actor;
let alice: Actor;
let bob: Actor;
let viewer: Actor;
let operator: Actor;

const bashTemplate = (extra: Record<string, unknown> = {}) => ({
  name: uniqueName('tpl'),
  language: 'bash' as const,
  category: 'svc-test',
  content: 'NAME={{name}}\nN={{count}}\necho "$NAME x $N"\n',
  parameters: [
    { name: 'name', type: 'string' as const, required: true, label: 'Name' },
    { name: 'count', type: 'number' as const, default: 2, validation: { min: 1, max: 10 } },
  ],
  ...extra,
});

beforeAll(async () => {
  [admin, alice, bob, viewer, operator] = await Promise.all([
    createTestActor('admin'),
    createTestActor('editor'),
    createTestActor('editor'),
    createTestActor('viewer'),
    createTestActor('operator'),
  ]);
  await seedBuiltinTemplates();
});

const ids = async (actor: Actor, input: Parameters<typeof listTemplates>[0]['input'] = {}) =>
  (await listTemplates({ actor, input: { page_size: 200, ...input } })).items.map((t) => t.id);

describe('visibility', () => {
  it('a private template is invisible to other users, visible to its owner and admins', async () => {
    const t = await createTemplate({ actor: alice, input: bashTemplate() });
    expect(t).toMatchObject({ visibility: 'private', version: 1, editable: true, usage_count: 0 });

    expect(await ids(alice)).toContain(t.id);
    expect(await ids(alice, { scope: 'mine' })).toContain(t.id);
    expect(await ids(bob)).not.toContain(t.id);
    expect(await ids(viewer)).not.toContain(t.id);
    expect(await ids(admin)).toContain(t.id);
    await expect(getTemplate({ actor: bob, id: t.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(previewTemplate({ actor: bob, input: { id: t.id } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      createScriptFromTemplate({ actor: bob, input: { id: t.id, name: uniqueName(), values: { name: 'x' } } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      updateTemplate({ actor: bob, input: { id: t.id, patch: { description: 'mine now' } } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(deleteTemplate({ actor: bob, id: t.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await getTemplate({ actor: admin, id: t.id })).editable).toBe(true);
  });

  it('a shared template is visible to everyone and still changeable only by its owner or an admin', async () => {
    const t = await createTemplate({ actor: alice, input: bashTemplate({ visibility: 'shared' }) });
    expect(await ids(bob)).toContain(t.id);
    expect(await ids(viewer, { scope: 'shared' })).toContain(t.id);
    expect(await ids(bob, { scope: 'mine' })).not.toContain(t.id);
    const seen = await getTemplate({ actor: bob, id: t.id });
    expect(seen.editable).toBe(false);
    await expect(
      updateTemplate({ actor: bob, input: { id: t.id, patch: { description: 'x' } } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(deleteTemplate({ actor: bob, id: t.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // bob may use it
    const made = await createScriptFromTemplate({
      actor: bob,
      input: { id: t.id, name: uniqueName('from-shared'), values: { name: 'bob' } },
    });
    expect(made.script.owner_id).toBe((bob as { id: string }).id);
    // the owner makes it private again: gone for bob
    await updateTemplate({ actor: alice, input: { id: t.id, patch: { visibility: 'private' } } });
    expect(await ids(bob)).not.toContain(t.id);
    // an admin may change and delete it
    await updateTemplate({ actor: admin, input: { id: t.id, patch: { description: 'by admin' } } });
    await deleteTemplate({ actor: admin, id: t.id });
    await expect(getTemplate({ actor: alice, id: t.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('built-in templates are visible to all and read-only even for admins', async () => {
    const builtins = (await listTemplates({ actor: viewer, input: { scope: 'builtin', page_size: 200 } })).items;
    expect(builtins.length).toBeGreaterThanOrEqual(9);
    expect(builtins.every((t) => t.visibility === 'builtin' && !t.editable && t.builtin_key)).toBe(true);
    const one = builtins.find((t) => t.builtin_key === 'disk-usage-alert')!;
    await expect(
      updateTemplate({ actor: admin, input: { id: one.id, patch: { description: 'hacked' } } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('read-only') });
    await expect(deleteTemplate({ actor: admin, id: one.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await getTemplate({ actor: admin, id: one.id })).editable).toBe(false);
  });

  it('filters by search, category, language and scope; lists categories', async () => {
    const t = await createTemplate({
      actor: alice,
      input: bashTemplate({ name: uniqueName('Needle'), visibility: 'shared', category: 'needle-cat' }),
    });
    expect(await ids(bob, { search: t.name.toUpperCase() })).toEqual([t.id]);
    expect(await ids(bob, { category: 'needle-cat' })).toEqual([t.id]);
    expect(await ids(bob, { category: 'needle-cat', language: 'python' })).toEqual([]);
    expect(await ids(bob, { search: '100%_' })).toEqual([]); // LIKE wildcards are literal
    expect((await listTemplateCategories({ actor: bob })).categories).toEqual(
      expect.arrayContaining(['needle-cat', 'monitoring', 'maintenance']),
    );
    const paged = await listTemplates({ actor: bob, input: { page_size: 2, page: 1 } });
    expect(paged.items).toHaveLength(2);
    expect(paged.pages).toBe(Math.ceil(paged.total / 2));
  });
});

describe('permissions', () => {
  it('viewers read but cannot write; operators cannot create scripts from templates', async () => {
    await expect(createTemplate({ actor: viewer, input: bashTemplate() })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const builtin = (await listTemplates({ actor: operator, input: { scope: 'builtin' } })).items.find(
      (t) => t.builtin_key === 'json-aggregate',
    )!;
    await expect(
      createScriptFromTemplate({ actor: operator, input: { id: builtin.id, name: uniqueName(), values: {} } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'role operator may not script.write' });
    await expect(
      createScriptFromTemplate({ actor: viewer, input: { id: builtin.id, name: uniqueName(), values: {} } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('create and update', () => {
  it('refuses unsafe placeholders, unknown placeholders and invalid defaults with field names', async () => {
    await expect(
      createTemplate({ actor: alice, input: bashTemplate({ content: 'echo "{{name}}" {{count}}' }) }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [
        { field: 'content', message: expect.stringMatching(/^line 1: \{\{name\}\} is inside a string literal/) },
      ],
    });
    await expect(
      createTemplate({ actor: alice, input: bashTemplate({ content: 'echo {{nme}}' }) }),
    ).rejects.toMatchObject({ details: [{ field: 'content', message: 'line 1: {{nme}} names no parameter' }] });
    await expect(
      createTemplate({
        actor: alice,
        input: bashTemplate({
          parameters: [
            { name: 'name', type: 'string' },
            { name: 'count', type: 'number', default: 50, validation: { max: 10 } },
          ],
        }),
      }),
    ).rejects.toMatchObject({ details: [{ field: 'parameters.1.default', message: 'must be at most 10' }] });
    await expect(
      createTemplate({
        actor: alice,
        input: bashTemplate({
          parameters: [
            { name: 'name', type: 'enum' },
            { name: 'count', type: 'number' },
          ],
        }),
      }),
    ).rejects.toMatchObject({
      details: [{ field: 'parameters.0.validation.options', message: 'an enum parameter needs at least one option' }],
    });
    await expect(
      createTemplate({
        actor: alice,
        input: bashTemplate({
          parameters: [
            { name: 'name', type: 'string' },
            { name: 'name', type: 'number' },
          ],
        }),
      }),
    ).rejects.toMatchObject({
      details: [expect.objectContaining({ field: 'parameters.1.name' })],
    });
    await expect(
      createTemplate({ actor: alice, input: { ...bashTemplate(), visibility: 'builtin' as 'shared' } }),
    ).rejects.toMatchObject({ details: [expect.objectContaining({ field: 'visibility' })] });
  });

  it('names are unique among live templates (case-insensitive); a deleted name is free again', async () => {
    const input = bashTemplate();
    const t = await createTemplate({ actor: alice, input });
    await expect(
      createTemplate({ actor: bob, input: { ...input, name: input.name.toUpperCase() } }),
    ).rejects.toMatchObject({ code: 'CONFLICT', details: [{ field: 'name', message: 'already exists' }] });
    await deleteTemplate({ actor: alice, id: t.id });
    const again = await createTemplate({ actor: bob, input });
    expect(again.id).not.toBe(t.id);
  });

  it('bumps the version on content or parameter changes only, and audits every change', async () => {
    const t = await createTemplate({ actor: alice, input: bashTemplate() });
    const meta = await updateTemplate({
      actor: alice,
      input: { id: t.id, patch: { description: 'better', category: 'other', visibility: 'shared' } },
    });
    expect(meta).toMatchObject({ version: 1, description: 'better', visibility: 'shared' });
    const same = await updateTemplate({
      actor: alice,
      input: { id: t.id, patch: { parameters: bashTemplate().parameters, content: t.content } },
    });
    expect(same.version).toBe(1); // identical definition (jsonb key order does not matter)
    const content = await updateTemplate({
      actor: alice,
      input: { id: t.id, patch: { content: 'NAME={{name}}\nN={{count}}\necho "$NAME / $N"\n' } },
    });
    expect(content.version).toBe(2);
    const params = await updateTemplate({
      actor: alice,
      input: {
        id: t.id,
        patch: {
          parameters: [
            { name: 'name', type: 'string' },
            { name: 'count', type: 'number', default: 3 },
          ],
        },
      },
    });
    expect(params.version).toBe(3);
    await expect(
      updateTemplate({ actor: alice, input: { id: t.id, patch: { content: '# {{name}}\n' } } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    const audit = await db().select().from(auditLogs).where(eq(auditLogs.entityId, t.id));
    expect(audit.map((a) => a.action).sort()).toEqual([
      'template.create',
      'template.update',
      'template.update',
      'template.update',
      'template.update',
    ]);
  });
});

describe('preview and instantiate', () => {
  it('previews a saved template or a draft, answering problems as issues', async () => {
    const t = await createTemplate({ actor: alice, input: bashTemplate() });
    const p = await previewTemplate({ actor: alice, input: { id: t.id, values: { name: "it's $(x)" } } });
    expect(p).toEqual({ content: `NAME='it'\\''s $(x)'\nN='2'\necho "$NAME x $N"\n`, secrets: [], issues: [] });
    const missing = await previewTemplate({ actor: alice, input: { id: t.id, values: { count: 99 } } });
    expect(missing.issues.map((i) => i.field)).toEqual(['values.name', 'values.count']);
    expect(missing.content).toContain('NAME={{name}}');
    const draft = await previewTemplate({
      actor: viewer,
      input: {
        draft: {
          language: 'python',
          content: 'import os\nt = {{tok}}\nprint("{{tok}}")\n',
          parameters: [{ name: 'tok', type: 'secret' }],
        },
        values: { tok: 'API_TOKEN' },
      },
    });
    expect(draft.content).toContain('t = os.environ["API_TOKEN"]');
    expect(draft.secrets).toEqual(['API_TOKEN']);
    expect(draft.issues).toEqual([
      { field: 'content', line: 3, message: expect.stringContaining('{{tok}} is inside a string literal') },
    ]);
    await expect(previewTemplate({ actor: alice, input: { values: {} } })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [{ field: 'id' }],
    });
  });

  it('creates a draft script that remembers its template, counting uses atomically', async () => {
    const t = await createTemplate({ actor: alice, input: bashTemplate({ needs_network: true }) });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        createScriptFromTemplate({
          actor: alice,
          input: {
            id: t.id,
            name: uniqueName(`inst${i}`),
            values: { name: `cam ${i}`, count: '4' },
            tags: ['from-tpl'],
          },
        }),
      ),
    );
    expect((await getTemplate({ actor: alice, id: t.id })).usage_count).toBe(6);
    const s = results[0]!.script;
    expect(s).toMatchObject({
      status: 'draft',
      language: 'bash',
      allow_network: true,
      category: 'svc-test',
      tags: ['from-tpl'],
      version: 1,
    });
    expect(s.content).toBe(`NAME='cam 0'\nN='4'\necho "$NAME x $N"\n`);
    const [row] = await db().select().from(scripts).where(eq(scripts.id, s.id));
    expect(row).toMatchObject({ templateId: t.id, templateVersion: 1 });
    const audit = await db()
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.entityId, t.id), eq(auditLogs.action, 'template.instantiate')));
    expect(audit).toHaveLength(6);

    // after a new version, new scripts record it
    await updateTemplate({
      actor: alice,
      input: { id: t.id, patch: { content: 'NAME={{name}}\nN={{count}}\necho "$N $NAME"\n' } },
    });
    const later = await createScriptFromTemplate({
      actor: alice,
      input: { id: t.id, name: uniqueName('later'), values: { name: 'x' }, allow_network: false },
    });
    expect(later.script.allow_network).toBe(false);
    expect((await db().select().from(scripts).where(eq(scripts.id, later.script.id)))[0]!.templateVersion).toBe(2);
  });

  it('refuses bad values with field names and creates nothing', async () => {
    const t = await createTemplate({ actor: alice, input: bashTemplate() });
    const name = uniqueName('bad');
    await expect(
      createScriptFromTemplate({ actor: alice, input: { id: t.id, name, values: { count: 0, extra: 'x' } } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [
        { field: 'values.extra', message: 'is not a parameter of this template' },
        { field: 'values.name', message: 'is required' },
        { field: 'values.count', message: 'must be at least 1' },
      ],
    });
    await expect(
      createScriptFromTemplate({ actor: alice, input: { id: t.id, name, values: { name: 'nul\0byte' } } }),
    ).rejects.toMatchObject({ details: [{ field: 'values.name', message: 'must not contain NUL bytes' }] });
    expect(
      await db()
        .select()
        .from(scripts)
        .where(and(eq(scripts.name, name), isNull(scripts.deletedAt))),
    ).toEqual([]);
    expect((await getTemplate({ actor: alice, id: t.id })).usage_count).toBe(0);
    // script name taken: the script service's conflict comes through
    const taken = await createScript({
      actor: alice,
      input: { name: uniqueName('taken'), language: 'bash', content: 'true' },
    });
    await expect(
      createScriptFromTemplate({ actor: alice, input: { id: t.id, name: taken.name, values: { name: 'x' } } }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('save as template', () => {
  const bashScript = [
    '#!/bin/bash',
    'DIR="/var/recordings"',
    'DAYS=30',
    'echo "cleaning $DIR"',
    'find "$DIR" -mtime +$DAYS -name \'*.mp4\'',
    'echo 300 30x a30',
    '',
  ].join('\n');

  it('turns chosen literals into parameters with the literals as defaults', async () => {
    const script = await createScript({
      actor: alice,
      input: { name: uniqueName('src'), language: 'bash', content: bashScript, category: 'ops', allow_network: true },
    });
    const t = await saveScriptAsTemplate({
      actor: alice,
      input: {
        script_id: script.id,
        name: uniqueName('saved'),
        visibility: 'shared',
        replacements: [
          { literal: '/var/recordings', parameter: { name: 'dir', type: 'string', label: 'Directory' } },
          { literal: '30', parameter: { name: 'days', type: 'number', validation: { min: 1 } } },
          { literal: '*.mp4', parameter: { name: 'pattern', type: 'string' } },
        ],
      },
    });
    expect(t.content).toBe(
      [
        '#!/bin/bash',
        'DIR={{dir}}',
        'DAYS={{days}}',
        'echo "cleaning $DIR"',
        'find "$DIR" -mtime +$DAYS -name {{pattern}}',
        'echo 300 30x a30',
        '',
      ].join('\n'),
    );
    expect(t.parameters.map((p) => [p.name, p.default])).toEqual([
      ['dir', '/var/recordings'],
      ['days', 30],
      ['pattern', '*.mp4'],
    ]);
    expect(t).toMatchObject({ visibility: 'shared', category: 'ops', needs_network: true, language: 'bash' });
    // and it renders back to the original
    const back = await previewTemplate({ actor: bob, input: { id: t.id } });
    expect(back.content).toBe(
      bashScript.replace('"/var/recordings"', "'/var/recordings'").replace('DAYS=30', "DAYS='30'"),
    );
  });

  it('explains literals that cannot become parameters', async () => {
    const script = await createScript({
      actor: alice,
      input: {
        name: uniqueName('src'),
        language: 'python',
        content: 'host = "cam-1"\nprint("connecting to cam-1 now")\n# cam-1 is the gate\n',
      },
    });
    const attempt = (literal: string, extra: Record<string, unknown> = {}) =>
      saveScriptAsTemplate({
        actor: alice,
        input: {
          script_id: script.id,
          name: uniqueName('x'),
          replacements: [{ literal, parameter: { name: 'host', type: 'string', ...extra } }],
        },
      });
    await expect(attempt('cam-1')).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [
        {
          field: 'replacements.0.literal',
          message: expect.stringMatching(/^line 2: an occurrence is inside a string literal/),
        },
        {
          field: 'replacements.0.literal',
          message: expect.stringMatching(/^line 3: an occurrence is inside a comment/),
        },
      ],
    });
    await expect(attempt('cam-9')).rejects.toMatchObject({
      details: [{ field: 'replacements.0.literal', message: 'does not occur in the script (as a whole word)' }],
    });
    await expect(attempt('"cam-1"', { type: 'number' })).rejects.toMatchObject({
      details: expect.arrayContaining([{ field: 'replacements.0.parameter.default', message: 'must be a number' }]),
    });
    const viewerTry = saveScriptAsTemplate({
      actor: viewer,
      input: { script_id: script.id, name: 'x', replacements: [] },
    });
    await expect(viewerTry).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await db()
        .select()
        .from(scriptTemplates)
        .where(eq(scriptTemplates.ownerId, (alice as { id: string }).id)),
    ).not.toHaveLength(0);
  });
});
