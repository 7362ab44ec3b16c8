import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { schedules, scripts, secrets, triggers, workflowVersions, workflows } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { secretRefPattern } from './secret-refs';
import type { SecretUsageDto } from './secrets.schema';

/** Which scripts, workflows, schedules and triggers reference a secret (by its `{{secret:NAME}}`). */
export async function listSecretUsage(opts: { actor: Actor; id: string }): Promise<SecretUsageDto> {
  assertCan(opts.actor, 'secret.read');
  const [secret] = await db()
    .select({ id: secrets.id, name: secrets.name })
    .from(secrets)
    .where(eq(secrets.id, opts.id))
    .limit(1);
  if (!secret) throw AppError.notFound('secret', opts.id);
  // The name is UPPER_SNAKE_CASE (no regex characters); the pattern is a bound parameter.
  const pattern = secretRefPattern(secret.name);
  const [s, w, sc, t] = await Promise.all([
    db()
      .select({ id: scripts.id, name: scripts.name })
      .from(scripts)
      .where(
        and(isNull(scripts.deletedAt), sql`(${scripts.content} ~ ${pattern} or ${scripts.description} ~ ${pattern})`),
      )
      .orderBy(asc(scripts.name)),
    db()
      .select({ id: workflows.id, name: workflows.name })
      .from(workflows)
      .innerJoin(
        workflowVersions,
        and(eq(workflowVersions.workflowId, workflows.id), eq(workflowVersions.version, workflows.currentVersion)),
      )
      .where(and(isNull(workflows.deletedAt), sql`${workflowVersions.graph}::text ~ ${pattern}`))
      .orderBy(asc(workflows.name)),
    db()
      .select({ id: schedules.id, name: schedules.name })
      .from(schedules)
      .where(sql`${schedules.environmentVars}::text ~ ${pattern}`)
      .orderBy(asc(schedules.name)),
    db()
      .select({ id: triggers.id, name: triggers.name })
      .from(triggers)
      .where(sql`${triggers.environmentVars}::text ~ ${pattern}`)
      .orderBy(asc(triggers.name)),
  ]);
  return { id: secret.id, name: secret.name, scripts: s, workflows: w, schedules: sc, triggers: t };
}
