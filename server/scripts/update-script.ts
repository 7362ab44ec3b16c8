import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { scripts, scriptVersions } from '@/db/schema';
import { actorUserId, type Actor, type RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError, isUniqueViolation } from '@/server/errors/app-error';
import { applyScriptHostResources, dropToDraftIfSuspended } from '@/server/host-resources/apply-script-host-resources';
import { scriptHostResourceItems } from '@/server/host-resources/list-script-host-resources';
import { validateForSave } from './activation-check';
import { assertWithinServerLimits } from './server-limits';
import { getScriptRow } from './get-script';
import { toScriptDto } from './script-dto';
import { updateScriptInput, type ScriptDto, type UpdateScriptInput } from './scripts.schema';
import { changedSummary } from '@/server/audit/changed-summary';

/**
 * Applies a partial change. A content change makes a new immutable version; metadata-only changes
 * do not. History is never rewritten (restoring an old version also goes through here).
 */
export async function updateScript(opts: {
  actor: Actor;
  input: UpdateScriptInput;
  meta?: RequestMeta;
  action?: string;
}): Promise<ScriptDto> {
  assertCan(opts.actor, 'script.write');
  const parsed = updateScriptInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { id, patch } = parsed.data;
  assertWithinServerLimits(patch, 'patch.');
  try {
    return await db().transaction(async (tx) => {
      const current = await getScriptRow(id, tx, { forUpdate: true });
      const content = patch.content ?? current.content;
      const language = patch.language ?? current.language;
      const status = patch.status ?? current.status;
      const contentChanged = patch.content !== undefined && patch.content !== current.content;
      const needsValidation =
        contentChanged || language !== current.language || (status === 'active' && current.status !== 'active');
      const validation = needsValidation ? await validateForSave(content, language, status) : current.validation;
      const nextVersion = contentChanged ? current.currentVersion + 1 : current.currentVersion;
      const [row] = await tx
        .update(scripts)
        .set({
          name: patch.name,
          description: patch.description,
          category: patch.category,
          tags: patch.tags,
          language: patch.language,
          status: patch.status,
          timeoutSeconds: patch.timeout,
          maxRetries: patch.max_retries,
          retryBackoff: patch.retry_backoff,
          retryDelaySeconds: patch.retry_delay_seconds,
          allowNetwork: patch.allow_network,
          retryOnWorkerLoss: patch.retry_on_worker_loss,
          maxConcurrency: patch.max_concurrency,
          diskMb: patch.disk_mb,
          parametersSchema: patch.parameters_schema,
          content: patch.content,
          validation,
          currentVersion: nextVersion,
          updatedAt: sql`now()`,
        })
        .where(eq(scripts.id, id))
        .returning();
      if (contentChanged) {
        await tx.insert(scriptVersions).values({
          scriptId: id,
          version: nextVersion,
          content,
          message: patch.message ?? '',
          authorId: actorUserId(opts.actor),
        });
      }
      // Grants follow the content: see applyScriptHostResources for the rules.
      const { suspended } = await applyScriptHostResources(tx, {
        actor: opts.actor,
        meta: opts.meta,
        scriptId: id,
        version: nextVersion,
        names: patch.host_resources,
        contentChanged: contentChanged || language !== current.language,
      });
      if (suspended.length && patch.status === 'active' && !contentChanged) {
        throw new AppError(
          'CONFLICT',
          `cannot activate: host resource ${suspended.join(', ')} awaits a grant by someone allowed to give it`,
          {
            details: [{ field: 'patch.status', message: `host resource ${suspended.join(', ')} awaits a grant` }],
          },
        );
      }
      const drafted = await dropToDraftIfSuspended(tx, { actor: opts.actor, meta: opts.meta, scriptId: id, suspended });
      const changed = Object.keys(patch).filter((k) => k !== 'message');
      await writeAudit(
        {
          actor: opts.actor,
          action: opts.action ?? 'script.update',
          entityType: 'script',
          entityId: id,
          summary: changedSummary(changed, contentChanged ? nextVersion : null),
          meta: opts.meta,
        },
        tx,
      );
      return { ...toScriptDto(drafted ?? row!), host_resources: await scriptHostResourceItems(id, tx) };
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', `a script named "${patch.name}" already exists`, {
        details: [{ field: 'patch.name', message: 'already exists' }],
      });
    throw err;
  }
}
