import { and, eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { executions } from '@/db/schema';
import { actorUserId, type Actor, type RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { auditCte } from '@/server/audit/write-audit';
import { env } from '@/server/env';
import { AppError } from '@/server/errors/app-error';
import { logger } from '@/server/log/logger';
import { enqueueExecution } from '@/server/queue/execution-queue';
import { getScriptRow } from '@/server/scripts/get-script';
import { assertCanRun, type TriggerType } from '@/server/scripts/status-rules';
import { toExecutionDto } from './execution-dto';
import { executeScriptInput, type ExecuteScriptInput, type ExecutionDto } from './executions.schema';
import { checkParameters } from './parameters-check';
import { maskEnv } from './sensitive-env';
import { sealEnvironment } from './sealed-environment';
import { resolveSecretRefs } from '@/server/secrets/secrets';
import { waitForFinal } from './wait-for-final';

export interface ExecuteScriptOptions {
  actor: Actor;
  input: ExecuteScriptInput;
  trigger: TriggerType;
  /** The schedule, event, trigger or workflow node that started this run. */
  triggerRef?: string;
  meta?: RequestMeta;
  /** Set by the workflow engine: links the execution to the run node that started it. */
  workflowLink?: { runId: string; nodeKey: string };
  /** Per-call overrides of the script's settings (a workflow node's pinned version and retry count). */
  overrides?: { scriptVersion?: number; maxRetries?: number };
}

/**
 * Accepts a run: writes the `queued` row first, then enqueues (job id = execution id). If the
 * enqueue fails, the row stays queued and the worker's reconciler enqueues it later, so an
 * accepted run is never lost.
 */
export async function executeScript(opts: ExecuteScriptOptions): Promise<ExecutionDto & { created: boolean }> {
  assertCan(opts.actor, 'script.run');
  const parsed = executeScriptInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const input = parsed.data;
  const script = await getScriptRow(input.id);
  assertCanRun(script, opts.trigger);
  const params = checkParameters(script.parametersSchema, input.input_parameters, `${script.id}@${script.updatedAt.getTime()}`);
  const timeout = input.timeout ?? script.timeoutSeconds;
  if (timeout > env().SCRIPT_TIMEOUT_MAX) {
    throw new AppError('VALIDATION_ERROR', `timeout: must be at most ${env().SCRIPT_TIMEOUT_MAX} seconds`, { details: [{ field: 'timeout', message: `must be at most ${env().SCRIPT_TIMEOUT_MAX}` }] });
  }

  // A workflow node's key is new unless a crashed dispatcher is being repeated: the insert's
  // conflict path answers that case, so the common one saves a query.
  if (input.idempotency_key && !opts.workflowLink) {
    const existing = await findByIdempotencyKey(script.id, input.idempotency_key);
    if (existing) return { ...toExecutionDto(existing, script.name), created: false };
  }

  const resolved = await resolveSecretRefs(input.environment_vars);
  const scriptVersion = opts.overrides?.scriptVersion ?? script.currentVersion;
  const retry = { maxAttempts: (opts.overrides?.maxRetries ?? script.maxRetries) + 1, backoff: script.retryBackoff, delaySeconds: script.retryDelaySeconds };
  // The row and its audit entry commit together, in one statement, before the job exists.
  const inserted = db().$with('inserted').as(
    db()
      .insert(executions)
      .values({
        scriptId: script.id,
        scriptVersion,
        triggerType: opts.trigger,
        triggerRef: opts.triggerRef ?? null,
        status: 'queued',
        inputParameters: params,
        environment: maskEnv(input.environment_vars, new Set(resolved.secretKeys)),
        environmentSealed: sealEnvironment({ vars: resolved.vars, secretKeys: resolved.secretKeys, original: input.environment_vars }),
        timeoutSeconds: timeout,
        maxAttempts: retry.maxAttempts,
        idempotencyKey: input.idempotency_key ?? null,
        actorId: actorUserId(opts.actor),
        workflowRunId: opts.workflowLink?.runId ?? null,
        workflowNodeKey: opts.workflowLink?.nodeKey ?? null,
      })
      .onConflictDoNothing()
      .returning(),
  );
  const audit = auditCte(
    { actor: opts.actor, action: 'execution.start', entityType: 'execution', summary: `${opts.trigger} run of "${script.name}" v${scriptVersion}`, meta: opts.meta },
    'inserted',
    sql`inserted.id::text`,
  );
  const [row] = await db().with(inserted, audit).select().from(inserted);
  if (!row) {
    // Lost a race with an identical idempotent request: answer with the winner's execution.
    const existing = await findByIdempotencyKey(script.id, input.idempotency_key!);
    if (!existing) throw new AppError('CONFLICT', 'execution could not be created, try again');
    return { ...toExecutionDto(existing, script.name), created: false };
  }
  await enqueueExecution(row.id, retry).catch((err: unknown) => {
    logger().error({ err, executionId: row.id }, 'enqueue failed; the reconciler will enqueue it');
  });
  if (input.wait) {
    const final = await waitForFinal(row.id, Math.min(timeout + 10, 120) * 1000);
    return { ...toExecutionDto(final, script.name), created: true };
  }
  return { ...toExecutionDto(row, script.name), created: true };
}

async function findByIdempotencyKey(scriptId: string, key: string) {
  const [row] = await db()
    .select()
    .from(executions)
    .where(and(eq(executions.scriptId, scriptId), eq(executions.idempotencyKey, key)))
    .limit(1);
  return row;
}

