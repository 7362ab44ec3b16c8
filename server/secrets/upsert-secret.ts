import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { db } from '@/db/client';
import { secrets } from '@/db/schema';
import { actorUserId, type Actor, type RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { seal } from '@/server/crypto/seal';
import { AppError, isUniqueViolation } from '@/server/errors/app-error';
import { coded } from '@/server/messages/messages.shared';
import type { SecretScope } from './secret-scope';
import { assertMayScope, describeScope, toDto } from './secret-dto';
import { upsertSecretInput, type SecretDto } from './secrets.schema';

/** Creates or replaces a secret. The value goes in sealed and never comes back out of any API. */
export async function upsertSecret(opts: {
  actor: Actor;
  input: z.input<typeof upsertSecretInput>;
  meta?: RequestMeta;
}): Promise<SecretDto> {
  assertCan(opts.actor, 'secret.write');
  const parsed = upsertSecretInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { name, value, description, scope } = parsed.data;
  try {
    return await db().transaction(async (tx) => {
      const [existing] = await tx.select().from(secrets).where(eq(secrets.name, name)).for('update').limit(1);
      if (existing && scope !== undefined) assertMayScope(opts.actor, existing);
      const [row] = existing
        ? await tx
            .update(secrets)
            .set({
              valueSealed: seal(value),
              description,
              ...(scope !== undefined ? { scope } : {}),
              updatedAt: sql`now()`,
            })
            .where(eq(secrets.id, existing.id))
            .returning()
        : await tx
            .insert(secrets)
            .values({
              name,
              description,
              valueSealed: seal(value),
              scope: scope ?? null,
              createdBy: actorUserId(opts.actor),
            })
            .returning();
      const scopeNote = existing && scope === undefined ? null : describeScope(row!.scope as SecretScope | null);
      await writeAudit(
        {
          actor: opts.actor,
          action: 'secret.upsert',
          entityType: 'secret',
          entityId: row!.id,
          summary:
            scopeNote === null
              ? coded('audit.secret_set', { name })
              : coded('audit.secret_set_scope', { name, scope: scopeNote }),
          meta: opts.meta,
        },
        tx,
      );
      return toDto(row!);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', `secret ${name} already exists`);
    throw err;
  }
}
