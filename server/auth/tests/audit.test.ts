import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq, like } from 'drizzle-orm';
import { db } from '@/db/client';
import { auditLogs } from '@/db/schema';
import { createApiKey } from '@/server/apikeys/create-api-key';
import { revokeApiKey } from '@/server/apikeys/revoke-api-key';
import { auditToCsv, listAudit } from '@/server/audit/list-audit';
import { cancelExecution } from '@/server/executions/cancel-execution';
import { executeScript } from '@/server/executions/execute-script';
import { createScript } from '@/server/scripts/create-script';
import { deleteScript } from '@/server/scripts/delete-script';
import { updateScript } from '@/server/scripts/update-script';
import { deleteSecret } from '@/server/secrets/delete-secret';
import { upsertSecret } from '@/server/secrets/upsert-secret';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { createUser } from '@/server/users/create-user';
import { resetUserPassword } from '@/server/users/reset-user-password';
import { updateUser } from '@/server/users/update-user';
import type { Actor, RequestMeta } from '../actor';
import { verifyCredentials } from '../verify-credentials';

let admin: Actor & { type: 'user' };
const meta: RequestMeta = { ip: '10.1.2.3', userAgent: 'audit-test/1.0' };

async function rowsFor(entityId: string) {
  return db().select().from(auditLogs).where(eq(auditLogs.entityId, entityId)).orderBy(auditLogs.at);
}

async function expectOne(entityId: string, action: string, summary?: RegExp) {
  const rows = (await rowsFor(entityId)).filter((r) => r.action === action);
  expect(rows, `${action} for ${entityId}`).toHaveLength(1);
  if (summary) expect(rows[0]!.summary).toMatch(summary);
  return rows[0]!;
}

beforeAll(async () => {
  admin = await createTestActor('admin');
});

describe('audit log', () => {
  it('records script create, update and delete with who and from where', async () => {
    const s = await createScript({
      actor: admin,
      input: { name: uniqueName('audited'), content: 'echo 1', language: 'bash' },
      meta,
    });
    await updateScript({ actor: admin, input: { id: s.id, patch: { content: 'echo 2' } }, meta });
    await deleteScript({ actor: admin, id: s.id, meta });
    const created = await expectOne(s.id, 'script.create', /created bash script/);
    expect(created).toMatchObject({
      actorType: 'user',
      actorId: admin.id,
      actorLabel: admin.email,
      entityType: 'script',
      ip: '10.1.2.3',
      userAgent: 'audit-test/1.0',
    });
    await expectOne(s.id, 'script.update');
    await expectOne(s.id, 'script.delete');
  });

  it('records execution start and cancel', async () => {
    const s = await createScript({
      actor: admin,
      input: { name: uniqueName('audited-run'), content: 'sleep 5', language: 'bash' },
    });
    const e = await executeScript({ actor: admin, input: { id: s.id }, trigger: 'manual', meta });
    await cancelExecution({ actor: admin, id: e.id, meta });
    await expectOne(e.id, 'execution.start', /manual run of/);
    await expectOne(e.id, 'execution.cancel', /cancelled while queued/);
  });

  it('records sign-in, failed sign-in and unknown accounts, without the password', async () => {
    const email = `audit-${randomUUID().slice(0, 8)}@test.local`;
    const password = `right-pass-${randomUUID().slice(0, 6)}1`;
    const user = await createUser({ actor: admin, input: { email, role: 'viewer', password }, meta });
    await expectOne(user.id, 'user.create', new RegExp(`${email} as viewer`));
    expect(await verifyCredentials({ email, password: 'wrong-password-1' }, meta)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await verifyCredentials({ email, password }, meta)).toMatchObject({ ok: true });
    const failed = await expectOne(user.id, 'auth.login_failed', /wrong password/);
    expect(failed).toMatchObject({ actorType: 'system', ip: '10.1.2.3' });
    await expectOne(user.id, 'auth.login', /signed in/);
    const unknown = `nobody-${randomUUID().slice(0, 8)}@test.local`;
    await verifyCredentials({ email: unknown, password: 'whatever-1' }, meta);
    const [miss] = await db()
      .select()
      .from(auditLogs)
      .where(
        and(eq(auditLogs.action, 'auth.login_failed'), like(auditLogs.summary, `unknown account ${unknown} from %`)),
      );
    expect(miss).toBeTruthy();
    const all = JSON.stringify(await rowsFor(user.id));
    expect(all).not.toContain(password);
    expect(all).not.toContain('wrong-password-1');
  });

  it('records API key create and revoke, without the key', async () => {
    const k = await createApiKey({ actor: admin, input: { name: 'audited key', role: 'viewer' }, meta });
    await revokeApiKey({ actor: admin, id: k.id, meta });
    await expectOne(k.id, 'apikey.create', new RegExp(k.prefix));
    await expectOne(k.id, 'apikey.revoke');
    expect(JSON.stringify(await rowsFor(k.id))).not.toContain(k.key);
  });

  it('records user create, role change, disable and password reset', async () => {
    const u = await createUser({
      actor: admin,
      input: { email: `role-${randomUUID().slice(0, 8)}@test.local`, role: 'viewer', password: 'first-pass-123' },
      meta,
    });
    await updateUser({ actor: admin, input: { id: u.id, patch: { role: 'operator' } }, meta });
    await updateUser({ actor: admin, input: { id: u.id, patch: { disabled: true } }, meta });
    await resetUserPassword({ actor: admin, input: { id: u.id, password: 'second-pass-123' }, meta });
    await expectOne(u.id, 'user.create');
    await expectOne(u.id, 'user.role_change', /role=operator/);
    await expectOne(u.id, 'user.update', /disabled=true/);
    await expectOne(u.id, 'user.password_reset');
    expect(JSON.stringify(await rowsFor(u.id))).not.toContain('second-pass-123');
  });

  it('records secret upsert and delete, without the value', async () => {
    const s = await upsertSecret({
      actor: admin,
      input: { name: `AUDIT_${randomUUID().slice(0, 8).toUpperCase()}`, value: 'audited-secret-value' },
      meta,
    });
    await upsertSecret({ actor: admin, input: { name: s.name, value: 'audited-secret-value-2' }, meta });
    await deleteSecret({ actor: admin, id: s.id, meta });
    const rows = await rowsFor(s.id);
    expect(rows.map((r) => r.action)).toEqual(['secret.upsert', 'secret.upsert', 'secret.delete']);
    expect(JSON.stringify(rows)).not.toContain('audited-secret-value');
  });

  it('lists with filters and pages, and exports CSV that spreadsheets cannot run as formulas', async () => {
    const actor = await createTestActor('admin');
    for (let i = 0; i < 3; i++)
      await createScript({ actor, input: { name: uniqueName(`listed-${i}`), content: 'echo', language: 'bash' } });
    const page1 = await listAudit({
      actor: admin,
      input: { actor: actor.email, action: 'script.create', page_size: 2 },
    });
    expect(page1).toMatchObject({ total: 3, pages: 2, page: 1 });
    expect(page1.items).toHaveLength(2);
    const page2 = await listAudit({
      actor: admin,
      input: { actor: actor.email, action: 'script.create', page_size: 2, page: 2 },
    });
    expect(page2.items).toHaveLength(1);
    expect(new Set([...page1.items, ...page2.items].map((i) => i.id)).size).toBe(3);
    expect((await listAudit({ actor: admin, input: { actor: actor.email, entity_type: 'user' } })).total).toBe(0);
    const future = new Date(Date.now() + 3600_000);
    expect((await listAudit({ actor: admin, input: { actor: actor.email, from: future } })).total).toBe(0);
    expect((await listAudit({ actor: admin, input: { actor: actor.email, to: future } })).total).toBe(3);
    // "%" in the actor filter is a literal, not a wildcard.
    expect((await listAudit({ actor: admin, input: { actor: '%' } })).total).toBe(0);

    const csv = auditToCsv(page1.items);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('at,actor_type,actor,action,entity_type,entity_id,summary,ip,user_agent');
    expect(lines).toHaveLength(3);
    const [, row] = auditToCsv([
      { ...page1.items[0]!, actor: '@SUM(A1)', summary: '=1+1', user_agent: 'a "quoted", value' },
    ])
      .trimEnd()
      .split('\r\n');
    expect(row).toContain(`,'@SUM(A1),`);
    expect(row).toContain(`,'=1+1,`);
    expect(row!.endsWith(`,"a ""quoted"", value"`)).toBe(true);
  });

  it('is readable by admins only', async () => {
    const editor = await createTestActor('editor');
    await expect(listAudit({ actor: editor, input: {} })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
