import { asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { db } from '@/db/client';
import { secrets } from '@/db/schema';
import { actorUserId, type Actor, type RequestMeta } from '@/server/auth/actor';
import { assertCan, roleOf } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { seal } from '@/server/crypto/seal';
import { AppError, isUniqueViolation } from '@/server/errors/app-error';
import type { SecretScope } from './secret-scope';
import { setSecretScopeInput, upsertSecretInput, type SecretDto } from './secrets.schema';
import { coded } from '@/server/messages/messages.shared';

export { secretName, setSecretScopeInput, upsertSecretInput, secretIdInput, type SecretDto } from './secrets.schema';

const toDto = (r: typeof secrets.$inferSelect): SecretDto => ({
  id: r.id, name: r.name, description: r.description, scope: (r.scope as SecretScope | null) ?? null, created_by: r.createdBy,
  created_at: r.createdAt.toISOString(), updated_at: r.updatedAt.toISOString(),
});

const describeScope = (s: SecretScope | null) =>
  s
    ? `who: ${[...s.roles.map((r) => `role ${r}`), ...s.user_ids.map((u) => `user ${u}`)].join(', ')}; where: ${s.any_where ? 'anywhere' : [...s.script_ids.map((i) => `script ${i}`), ...s.workflow_ids.map((i) => `workflow ${i}`), ...s.tags.map((t) => `tag ${t}`)].join(', ')}`
    : 'none (admins only)';

/**
 * A scope decides who may read a secret into a run, so widening it is reserved: admins may scope
 * any secret, anyone else with `secret.write` only the secrets they created.
 */
function assertMayScope(actor: Actor, row: { name: string; createdBy: string | null }) {
  if (roleOf(actor) === 'admin') return;
  const uid = actorUserId(actor);
  if (!uid || uid !== row.createdBy) throw new AppError('FORBIDDEN', `only an admin or its creator may change the scope of secret ${row.name}`);
}

/** Creates or replaces a secret. The value goes in sealed and never comes back out of any API. */
export async function upsertSecret(opts: { actor: Actor; input: z.input<typeof upsertSecretInput>; meta?: RequestMeta }): Promise<SecretDto> {
  assertCan(opts.actor, 'secret.write');
  const parsed = upsertSecretInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { name, value, description, scope } = parsed.data;
  try {
    return await db().transaction(async (tx) => {
      const [existing] = await tx.select().from(secrets).where(eq(secrets.name, name)).for('update').limit(1);
      if (existing && scope !== undefined) assertMayScope(opts.actor, existing);
      const [row] = existing
        ? await tx.update(secrets).set({ valueSealed: seal(value), description, ...(scope !== undefined ? { scope } : {}), updatedAt: sql`now()` }).where(eq(secrets.id, existing.id)).returning()
        : await tx.insert(secrets).values({ name, description, valueSealed: seal(value), scope: scope ?? null, createdBy: actorUserId(opts.actor) }).returning();
      const scopeNote = existing && scope === undefined ? null : describeScope(row!.scope as SecretScope | null);
      await writeAudit({ actor: opts.actor, action: 'secret.upsert', entityType: 'secret', entityId: row!.id, summary: scopeNote === null ? coded('audit.secret_set', { name }) : coded('audit.secret_set_scope', { name, scope: scopeNote }), meta: opts.meta }, tx);
      return toDto(row!);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', `secret ${name} already exists`);
    throw err;
  }
}

/** Gives a secret its scope (or takes it away: null = admins only). */
export async function setSecretScope(opts: { actor: Actor; input: z.input<typeof setSecretScopeInput>; meta?: RequestMeta }): Promise<SecretDto> {
  assertCan(opts.actor, 'secret.write');
  const parsed = setSecretScopeInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { id, scope } = parsed.data;
  return db().transaction(async (tx) => {
    const [existing] = await tx.select().from(secrets).where(eq(secrets.id, id)).for('update').limit(1);
    if (!existing) throw AppError.notFound('secret', id);
    assertMayScope(opts.actor, existing);
    const [row] = await tx.update(secrets).set({ scope, updatedAt: sql`now()` }).where(eq(secrets.id, id)).returning();
    await writeAudit({ actor: opts.actor, action: 'secret.scope', entityType: 'secret', entityId: id, summary: coded('audit.secret_scope', { name: existing.name, scope: describeScope(scope) }), meta: opts.meta }, tx);
    return toDto(row!);
  });
}

export async function listSecrets(opts: { actor: Actor }): Promise<SecretDto[]> {
  assertCan(opts.actor, 'secret.read');
  return (await db().select().from(secrets).orderBy(asc(secrets.name))).map(toDto);
}

export async function deleteSecret(opts: { actor: Actor; id: string; meta?: RequestMeta }): Promise<{ id: string }> {
  assertCan(opts.actor, 'secret.write');
  const [row] = await db().delete(secrets).where(eq(secrets.id, opts.id)).returning();
  if (!row) throw AppError.notFound('secret', opts.id);
  await writeAudit({ actor: opts.actor, action: 'secret.delete', entityType: 'secret', entityId: opts.id, summary: coded('audit.secret_deleted', { name: row.name }), meta: opts.meta });
  return { id: opts.id };
}

/** Secrets that have no scope yet (usable by admins only): reported at start-up after the upgrade. */
export async function countUnscopedSecrets(): Promise<number> {
  const [r] = await db().select({ n: sql<number>`count(*)::int` }).from(secrets).where(sql`${secrets.scope} is null`);
  return r?.n ?? 0;
}
