import { db } from '@/db/client';
import { scripts, scriptVersions } from '@/db/schema';
import { actorUserId, type Actor, type RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError, isUniqueViolation } from '@/server/errors/app-error';
import { env } from '@/server/env';
import { applyScriptHostResources } from '@/server/host-resources/apply-script-host-resources';
import { scriptHostResourceItems } from '@/server/host-resources/list-script-host-resources';
import { validateForSave } from './activation-check';
import { assertWithinServerLimits } from './server-limits';
import { toScriptDto } from './script-dto';
import { createScriptInput, type CreateScriptInput, type ScriptDto } from './scripts.schema';
import { coded } from '@/server/messages/messages.shared';

export interface CreateScriptOptions {
  actor: Actor;
  input: CreateScriptInput;
  meta?: RequestMeta;
  /** Set when the script is instantiated from a template. */
  origin?: { templateId: string; templateVersion: number };
}

export async function createScript(opts: CreateScriptOptions): Promise<ScriptDto> {
  assertCan(opts.actor, 'script.write');
  const parsed = createScriptInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const input = parsed.data;
  const timeout = input.timeout ?? env().SCRIPT_TIMEOUT;
  assertWithinServerLimits({ timeout, disk_mb: input.disk_mb });
  const validation = await validateForSave(input.content, input.language, input.status);
  const authorId = actorUserId(opts.actor);
  try {
    return await db().transaction(async (tx) => {
      const [row] = await tx
        .insert(scripts)
        .values({
          name: input.name,
          description: input.description,
          category: input.category,
          tags: input.tags,
          language: input.language,
          status: input.status,
          timeoutSeconds: timeout,
          maxRetries: input.max_retries,
          retryBackoff: input.retry_backoff,
          retryDelaySeconds: input.retry_delay_seconds,
          allowNetwork: input.allow_network,
          retryOnWorkerLoss: input.retry_on_worker_loss,
          maxConcurrency: input.max_concurrency,
          diskMb: input.disk_mb,
          parametersSchema: input.parameters_schema ?? null,
          content: input.content,
          validation,
          currentVersion: 1,
          ownerId: authorId,
          templateId: opts.origin?.templateId ?? null,
          templateVersion: opts.origin?.templateVersion ?? null,
        })
        .returning();
      await tx.insert(scriptVersions).values({
        scriptId: row!.id,
        version: 1,
        content: input.content,
        message: input.message ?? 'created',
        authorId,
      });
      await writeAudit(
        {
          actor: opts.actor,
          action: 'script.create',
          entityType: 'script',
          entityId: row!.id,
          summary: coded('audit.script_created', { language: input.language, name: input.name }),
          meta: opts.meta,
        },
        tx,
      );
      if (input.host_resources?.length) {
        await applyScriptHostResources(tx, {
          actor: opts.actor,
          meta: opts.meta,
          scriptId: row!.id,
          version: 1,
          names: input.host_resources,
          contentChanged: false,
        });
        return { ...toScriptDto(row!), host_resources: await scriptHostResourceItems(row!.id, tx) };
      }
      return { ...toScriptDto(row!), host_resources: [] };
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', `a script named "${input.name}" already exists`, {
        details: [{ field: 'name', message: 'already exists' }],
      });
    throw err;
  }
}
