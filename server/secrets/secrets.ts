import { asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { secrets } from '@/db/schema';
import { actorUserId, type Actor, type RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { seal, unseal } from '@/server/crypto/seal';
import { AppError, isUniqueViolation } from '@/server/errors/app-error';

export const secretName = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'must be UPPER_SNAKE_CASE, at most 64 characters');
export const upsertSecretInput = z.object({
  name: secretName,
  // Values shorter than 3 characters are not masked in logs (sensitive-env.ts), so they are refused here.
  value: z.string().min(1, { message: 'must not be empty', abort: true }).min(3, 'must be at least 3 characters, or it could not be masked in logs').max(32_768),
  description: z.string().max(500).default(''),
});
export type SecretDto = { id: string; name: string; description: string; created_at: string; updated_at: string };

const toDto = (r: typeof secrets.$inferSelect): SecretDto => ({
  id: r.id, name: r.name, description: r.description, created_at: r.createdAt.toISOString(), updated_at: r.updatedAt.toISOString(),
});

/** Creates or replaces a secret. The value goes in sealed and never comes back out of any API. */
export async function upsertSecret(opts: { actor: Actor; input: z.input<typeof upsertSecretInput>; meta?: RequestMeta }): Promise<SecretDto> {
  assertCan(opts.actor, 'secret.write');
  const parsed = upsertSecretInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { name, value, description } = parsed.data;
  try {
    const [row] = await db()
      .insert(secrets)
      .values({ name, description, valueSealed: seal(value), createdBy: actorUserId(opts.actor) })
      .onConflictDoUpdate({ target: secrets.name, set: { valueSealed: seal(value), description, updatedAt: sql`now()` } })
      .returning();
    await writeAudit({ actor: opts.actor, action: 'secret.upsert', entityType: 'secret', entityId: row!.id, summary: `secret ${name} set`, meta: opts.meta });
    return toDto(row!);
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', `secret ${name} already exists`);
    throw err;
  }
}

export async function listSecrets(opts: { actor: Actor }): Promise<SecretDto[]> {
  assertCan(opts.actor, 'secret.read');
  return (await db().select().from(secrets).orderBy(asc(secrets.name))).map(toDto);
}

export async function deleteSecret(opts: { actor: Actor; id: string; meta?: RequestMeta }): Promise<{ id: string }> {
  assertCan(opts.actor, 'secret.write');
  const [row] = await db().delete(secrets).where(eq(secrets.id, opts.id)).returning();
  if (!row) throw AppError.notFound('secret', opts.id);
  await writeAudit({ actor: opts.actor, action: 'secret.delete', entityType: 'secret', entityId: opts.id, summary: `secret ${row.name} deleted`, meta: opts.meta });
  return { id: opts.id };
}

const REF = /\{\{\s*secret:([A-Z][A-Z0-9_]{0,63})\s*\}\}/g;

/**
 * Replaces `{{secret:NAME}}` references in environment values with the decrypted secrets. Returns
 * which variables carry secret material, so their values are masked in records and logs. Using a
 * secret only needs the right to run: the value reaches the sandbox, never the caller.
 */
export async function resolveSecretRefs(vars: Record<string, string>): Promise<{ vars: Record<string, string>; secretKeys: string[] }> {
  const names = new Set<string>();
  for (const v of Object.values(vars)) for (const m of v.matchAll(REF)) names.add(m[1]!);
  if (names.size === 0) return { vars, secretKeys: [] };
  const rows = await db().select().from(secrets).where(inArray(secrets.name, [...names]));
  const values = new Map(rows.map((r) => [r.name.toUpperCase(), unseal(r.valueSealed)]));
  const missing = [...names].filter((n) => !values.has(n));
  if (missing.length) {
    throw new AppError('VALIDATION_ERROR', `unknown secret: ${missing.join(', ')}`, { details: missing.map((n) => ({ field: 'environment_vars', message: `secret ${n} does not exist` })) });
  }
  const secretKeys: string[] = [];
  const resolved = Object.fromEntries(
    Object.entries(vars).map(([k, v]) => {
      if (!v.includes('{{')) return [k, v];
      secretKeys.push(k);
      return [k, v.replace(REF, (_m, n: string) => values.get(n)!)];
    }),
  );
  return { vars: resolved, secretKeys };
}
