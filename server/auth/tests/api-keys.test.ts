import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { apiKeys } from '@/db/schema';
import { authenticateApiKey } from '@/server/apikeys/authenticate-api-key';
import { createApiKey } from '@/server/apikeys/create-api-key';
import { listApiKeys } from '@/server/apikeys/list-api-keys';
import { revokeApiKey } from '@/server/apikeys/revoke-api-key';
import { createScript } from '@/server/scripts/create-script';
import { listScripts } from '@/server/scripts/list-scripts';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { updateUser } from '@/server/users/update-user';
import type { Actor } from '../actor';

let admin: Actor & { type: 'user' };

async function actorFor(key: string): Promise<Actor> {
  const check = await authenticateApiKey(key);
  if (!check.ok) throw new Error(`key refused: ${check.reason}`);
  return check.actor;
}

async function rowOf(id: string) {
  return (await db().select().from(apiKeys).where(eq(apiKeys.id, id)))[0]!;
}

beforeAll(async () => {
  admin = await createTestActor('admin');
});

describe('API key lifecycle', () => {
  it('works with its own role, is stored only as a hash, and records when it was last used', async () => {
    const editor = await createTestActor('editor');
    const created = await createApiKey({ actor: editor, input: { name: 'ci', role: 'operator' } });
    expect(created.key).toMatch(/^vss_[0-9a-f]{12}_/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.user_email).toBe(editor.email);
    const row = await rowOf(created.id);
    expect(row.keyHash).not.toContain(created.key);
    expect(JSON.stringify(row)).not.toContain(created.key);
    expect(row.lastUsedAt).toBeNull();
    // The key is never shown again by the list.
    const listed = await listApiKeys({ actor: editor });
    expect(listed.map((k) => k.id)).toEqual([created.id]);
    expect(JSON.stringify(listed)).not.toContain(created.key);

    const actor = await actorFor(created.key);
    expect(actor).toMatchObject({ type: 'api_key', id: created.id, userId: editor.id, role: 'operator' });
    expect((await listScripts({ actor, input: {} })).items).toBeInstanceOf(Array);
    await expect(
      createScript({ actor, input: { name: uniqueName('by-key'), content: 'echo', language: 'bash' } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect.poll(async () => (await rowOf(created.id)).lastUsedAt, { timeout: 5000 }).not.toBeNull();
    const [mine] = await listApiKeys({ actor: editor });
    expect(mine!.last_used_at).not.toBeNull();
  });

  it('refuses a malformed key, an unknown key and a key with the right prefix but the wrong secret', async () => {
    const created = await createApiKey({ actor: admin, input: { name: 'x', role: 'viewer' } });
    expect(await authenticateApiKey('not-a-key')).toEqual({ ok: false, reason: 'malformed API key' });
    expect(await authenticateApiKey(`vss_000000000000_${'a'.repeat(32)}`)).toMatchObject({ ok: false });
    const forged = `${created.prefix}_${'b'.repeat(32)}`;
    expect(await authenticateApiKey(forged)).toMatchObject({ ok: false, reason: 'unknown or revoked API key' });
  });

  it('refuses an expired key', async () => {
    const inAnHour = new Date(Date.now() + 3600_000);
    const created = await createApiKey({
      actor: admin,
      input: { name: 'short', role: 'viewer', expires_at: inAnHour },
    });
    expect(created.expires_at).toBe(inAnHour.toISOString());
    expect((await authenticateApiKey(created.key)).ok).toBe(true);
    await db()
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, created.id));
    expect(await authenticateApiKey(created.key)).toEqual({ ok: false, reason: 'API key expired' });
  });

  it('refuses an expiry in the past at creation', async () => {
    await expect(
      createApiKey({
        actor: admin,
        input: { name: 'past', role: 'viewer', expires_at: new Date(Date.now() - 60_000) },
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_ERROR', details: [expect.objectContaining({ field: 'expires_at' })] });
  });

  it('refuses a revoked key; only the owner or an admin may revoke', async () => {
    const operator = await createTestActor('operator');
    const other = await createTestActor('editor');
    const created = await createApiKey({ actor: operator, input: { name: 'to revoke', role: 'operator' } });
    await expect(revokeApiKey({ actor: other, id: created.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await authenticateApiKey(created.key)).ok).toBe(true);
    const revoked = await revokeApiKey({ actor: operator, id: created.id });
    expect(revoked).toMatchObject({ id: created.id, user_email: operator.email });
    expect(revoked.revoked_at).not.toBeNull();
    expect(await authenticateApiKey(created.key)).toMatchObject({ ok: false, reason: 'unknown or revoked API key' });
    // An admin sees every key, revoked ones included; others only see their own.
    expect((await listApiKeys({ actor: admin })).find((k) => k.id === created.id)?.revoked_at).not.toBeNull();
    expect((await listApiKeys({ actor: other })).some((k) => k.id === created.id)).toBe(false);
  });

  it('cannot be created with a role above its creator', async () => {
    const operator = await createTestActor('operator');
    await expect(createApiKey({ actor: operator, input: { name: 'too high', role: 'editor' } })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: [{ field: 'role', message: 'higher than your own role' }],
    });
    await expect(createApiKey({ actor: operator, input: { name: 'same', role: 'operator' } })).resolves.toMatchObject({
      role: 'operator',
    });
    const viewer = await createTestActor('viewer');
    await expect(createApiKey({ actor: viewer, input: { name: 'viewer', role: 'viewer' } })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // A key cannot mint keys: keys come from signed-in users only.
    const adminKey = await createApiKey({ actor: admin, input: { name: 'admin key', role: 'admin' } });
    await expect(
      createApiKey({ actor: await actorFor(adminKey.key), input: { name: 'child', role: 'viewer' } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('acts with the lower role once its owner is demoted, and with the key role again after promotion', async () => {
    const editor = await createTestActor('editor');
    const created = await createApiKey({ actor: editor, input: { name: 'editor key', role: 'editor' } });
    const before = await actorFor(created.key);
    expect(before).toMatchObject({ role: 'editor' });
    await expect(
      createScript({ actor: before, input: { name: uniqueName('k'), content: 'echo', language: 'bash' } }),
    ).resolves.toBeTruthy();

    await updateUser({ actor: admin, input: { id: editor.id, patch: { role: 'viewer' } } });
    const after = await actorFor(created.key);
    expect(after).toMatchObject({ role: 'viewer' });
    await expect(
      createScript({ actor: after, input: { name: uniqueName('k'), content: 'echo', language: 'bash' } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });

    // Promoting the owner above the key's role does not lift the key above what it was given.
    await updateUser({ actor: admin, input: { id: editor.id, patch: { role: 'admin' } } });
    expect(await actorFor(created.key)).toMatchObject({ role: 'editor' });
  });

  it('is refused while its owner is disabled', async () => {
    const operator = await createTestActor('operator');
    const created = await createApiKey({ actor: operator, input: { name: 'owner disabled', role: 'operator' } });
    await updateUser({ actor: admin, input: { id: operator.id, patch: { disabled: true } } });
    expect(await authenticateApiKey(created.key)).toEqual({ ok: false, reason: 'the key owner is disabled' });
    await updateUser({ actor: admin, input: { id: operator.id, patch: { disabled: false } } });
    expect((await authenticateApiKey(created.key)).ok).toBe(true);
  });
});
