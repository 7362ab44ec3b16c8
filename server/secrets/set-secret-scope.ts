import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { db } from '@/db/client';
import { secrets } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import { coded } from '@/server/messages/messages.shared';
import { assertMayScope, describeScope, toDto } from './secret-dto';
import { setSecretScopeInput, type SecretDto } from './secrets.schema';

/** Gives a secret its scope (or takes it away: null = admins only). */
export async function setSecretScope(opts: {
  actor: Actor;
  input: z.input<typeof setSecretScopeInput>;
  meta?: RequestMeta;
}): Promise<SecretDto> {
  assertCan(opts.actor, 'secret.write');
  const parsed = setSecretScopeInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { id, scope } = parsed.data;
  return db().transaction(async (tx) => {
    const [existing] = await tx.select().from(secrets).where(eq(secrets.id, id)).for('update').limit(1);
    if (!existing) throw AppError.notFound('secret', id);
    assertMayScope(opts.actor, existing);
    const [row] = await tx
      .update(secrets)
      .set({ scope, updatedAt: sql`now()` })
      .where(eq(secrets.id, id))
      .returning();
    await writeAudit(
      {
        actor: opts.actor,
        action: 'secret.scope',
        entityType: 'secret',
        entityId: id,
        summary: coded('audit.secret_scope', { name: existing.name, scope: describeScope(scope) }),
        meta: opts.meta,
      },
      tx,
    );
    return toDto(row!);
  });
}
