/**
 * Rules through their services: who may manage which, what the script page lists, what the hot
 * path's cache knows, and that a channel in use cannot be deleted. Every change is audited.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { db } from '@/db/client';
import { auditLogs } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { createScript } from '@/server/scripts/create-script';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { createAlertChannel } from '../create-alert-channel';
import { createAlertRule } from '../create-alert-rule';
import { deleteAlertChannel } from '../delete-alert-channel';
import { deleteAlertRule } from '../delete-alert-rule';
import { enabledRuleEvents } from '../enabled-rules-cache';
import { listAlertRules } from '../list-alert-rules';
import { updateAlertRule } from '../update-alert-rule';

let admin: Actor;
let editor: Actor;
let operator: Actor;
let channelId: string;
let scriptId: string;
const tag = `cams-${Date.now()}`;

beforeAll(async () => {
  admin = await createTestActor('admin');
  editor = await createTestActor('editor');
  operator = await createTestActor('operator');
  channelId = (
    await createAlertChannel({
      actor: admin,
      input: {
        name: uniqueName('rules ch'),
        type: 'wecom',
        config: { url: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=abc' },
      },
    })
  ).id;
  scriptId = (
    await createScript({
      actor: admin,
      input: { name: uniqueName('rules script'), content: 'echo', language: 'bash', tags: [tag] },
    })
  ).id;
});

describe('alert rules', () => {
  it('lets an editor manage rules for a script; an operator may only read them', async () => {
    const rule = await createAlertRule({
      actor: editor,
      input: {
        name: uniqueName('ed'),
        on: ['failed'],
        target: { type: 'script', id: scriptId },
        channel_ids: [channelId],
      },
    });
    expect(rule).toMatchObject({
      target: { type: 'script', id: scriptId },
      throttle_minutes: 10,
      language: 'zh-CN',
      editable: true,
      enabled: true,
    });
    await expect(
      createAlertRule({
        actor: operator,
        input: { name: 'x', on: ['failed'], target: { type: 'all' }, channel_ids: [channelId] },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const seen = await listAlertRules({ actor: operator, input: { script_id: scriptId } });
    expect(seen.items.find((r) => r.id === rule.id)).toMatchObject({ editable: false });
    await expect(deleteAlertRule({ actor: operator, id: rule.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const changed = await updateAlertRule({
      actor: editor,
      input: { id: rule.id, patch: { on: ['failed', 'recovered'], throttle_minutes: 0 } },
    });
    expect(changed).toMatchObject({ on: ['failed', 'recovered'], throttle_minutes: 0 });
    await deleteAlertRule({ actor: editor, id: rule.id });
    const audit = await db()
      .select({ action: auditLogs.action })
      .from(auditLogs)
      .where(eq(auditLogs.entityId, rule.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['alert_rule.create', 'alert_rule.delete', 'alert_rule.update']);
  });

  it('refuses unknown scripts and channels, and slow without a threshold, naming the field', async () => {
    await expect(
      createAlertRule({
        actor: admin,
        input: {
          name: 'x',
          on: ['failed'],
          target: { type: 'script', id: '00000000-0000-4000-8000-000000000000' },
          channel_ids: [channelId],
        },
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_ERROR', details: [{ field: 'target.id' }] });
    await expect(
      createAlertRule({
        actor: admin,
        input: {
          name: 'x',
          on: ['failed'],
          target: { type: 'all' },
          channel_ids: ['00000000-0000-4000-8000-000000000000'],
        },
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_ERROR', details: [{ field: 'channel_ids' }] });
    await expect(
      createAlertRule({
        actor: admin,
        input: { name: 'x', on: ['slow'], target: { type: 'all' }, channel_ids: [channelId] },
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_ERROR', details: [{ field: 'slow_seconds' }] });
  });

  it("lists on a script's page its own rules, its tags' and everything's, not other scripts'", async () => {
    const other = await createScript({
      actor: admin,
      input: { name: uniqueName('other'), content: 'echo', language: 'bash' },
    });
    const mk = (name: string, target: Parameters<typeof createAlertRule>[0]['input']['target']) =>
      createAlertRule({
        actor: admin,
        input: { name: uniqueName(name), on: ['failed'], target, channel_ids: [channelId], enabled: false },
      });
    const own = await mk('own', { type: 'script', id: scriptId });
    const byTag = await mk('tag', { type: 'tag', tag });
    const all = await mk('all', { type: 'all' });
    const foreign = await mk('foreign', { type: 'script', id: other.id });
    const listed = (await listAlertRules({ actor: admin, input: { script_id: scriptId } })).items.map((r) => r.id);
    expect(listed).toEqual(expect.arrayContaining([own.id, byTag.id, all.id]));
    expect(listed).not.toContain(foreign.id);
    expect(
      (await listAlertRules({ actor: admin, input: { script_id: scriptId } })).items.find((r) => r.id === own.id)!
        .target.name,
    ).toMatch(/^rules script/);
    for (const r of [own, byTag, all, foreign]) await deleteAlertRule({ actor: admin, id: r.id });
  });

  it("keeps the hot path's summary of enabled events current when rules change", async () => {
    const rule = await createAlertRule({
      actor: admin,
      input: {
        name: uniqueName('slow'),
        on: ['slow'],
        slow_seconds: 30,
        // This file's script only: other files share the database and must not be alerted.
        target: { type: 'script', id: scriptId },
        channel_ids: [channelId],
      },
    });
    expect((await enabledRuleEvents()).has('slow')).toBe(true);
    await updateAlertRule({ actor: admin, input: { id: rule.id, patch: { enabled: false } } });
    expect((await enabledRuleEvents()).has('slow')).toBe(false);
    await deleteAlertRule({ actor: admin, id: rule.id });
  });

  it('refuses to delete a channel a rule sends to, naming the rule', async () => {
    const rule = await createAlertRule({
      actor: admin,
      input: {
        name: uniqueName('keeps'),
        on: ['failed'],
        target: { type: 'all' },
        channel_ids: [channelId],
        enabled: false,
      },
    });
    await expect(deleteAlertChannel({ actor: admin, id: channelId })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining(rule.name),
    });
    await deleteAlertRule({ actor: admin, id: rule.id });
    const leftovers = await listAlertRules({ actor: admin });
    for (const r of leftovers.items.filter((x) => x.channel_ids.includes(channelId)))
      await deleteAlertRule({ actor: admin, id: r.id });
    expect(await deleteAlertChannel({ actor: admin, id: channelId })).toEqual({ id: channelId, deleted: true });
    const audit = await db()
      .select({ action: auditLogs.action })
      .from(auditLogs)
      .where(inArray(auditLogs.entityId, [channelId]));
    expect(audit.map((a) => a.action)).toContain('alert_channel.delete');
  });
});
