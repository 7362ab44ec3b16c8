import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { db, lazyCommitDb, type DbOrTx } from '@/db/client';
import { executePrepared } from '@/db/prepared';
import { rowOf } from '@/db/row-of';
import { executions } from '@/db/schema';
import { actorUserId, type Actor, type RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { auditCte } from '@/server/audit/write-audit';
import { assertWithinServerLimits } from '@/server/scripts/server-limits';
import { AppError } from '@/server/errors/app-error';
import { logger } from '@/server/log/logger';
import { enqueueExecutions, type RetryPolicy } from '@/server/queue/execution-queue';
import { freshScriptRow, recentScriptRow } from '@/server/scripts/recent-script-row';
import { assertCanRun, type TriggerType } from '@/server/scripts/status-rules';
import { toExecutionDto } from './execution-dto';
import {
  executeScriptInput,
  type ExecuteScriptInput,
  type ExecutionDto,
  type OutputTailDto,
} from './executions.schema';
import { checkParameters } from './parameters-check';
import { displayEnvironment, maskerFor, sealEnvironment, type SealedEnvironment } from './sealed-environment';
import {
  resolveSecretRefs,
  scopeUserOf,
  workflowRunSecretUser,
  type SecretUse,
} from '@/server/secrets/resolve-secret-refs';
import { secretRefNames } from '@/server/secrets/secret-refs';
import { keyedFingerprint } from '@/server/crypto/seal';
import { getOutputTail } from './get-output-tail';
import { readExecution, waitForFinal } from './wait-for-final';
import { timed } from '@/server/log/server-timing';
import { watchStatus } from '@/server/queue/status-wakeups';
import { WORKER_LOSS_RERUNS } from './worker-loss';
import { coded } from '@/server/messages/messages.shared';

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
  overrides?: { scriptVersion?: number; maxRetries?: number; retryOnWorkerLoss?: boolean };
}

type ExecutionRow = typeof executions.$inferSelect;

export interface AcceptedExecution {
  row: ExecutionRow;
  scriptName: string;
  /** False when an identical idempotent request created it before. */
  created: boolean;
  retry: RetryPolicy;
  /** The request asked to wait for the final state. */
  wait: boolean;
}

/**
 * Accepts a run: writes the `queued` row first, then enqueues (job id = execution id). If the
 * enqueue fails, the row stays queued and the worker's reconciler enqueues it later, so an
 * accepted run is never lost.
 */
export async function executeScript(
  opts: ExecuteScriptOptions,
): Promise<ExecutionDto & { created: boolean; output?: OutputTailDto }> {
  // A caller that waits is answered only after the run's end or a synchronous commit (waitForFinal),
  // either of which makes the accept durable: its own commit need not wait for the disk.
  const lazyCommit = opts.input.wait === true;
  const { row, scriptName, created, retry, wait } = await timed('accept', () =>
    acceptExecution({ ...opts, tx: lazyCommit ? lazyCommitDb() : undefined }),
  );
  if (!created) return { ...toExecutionDto(row, scriptName), created: false };
  // Registered before the job exists, so no status of this run can pass unseen, and the wait need
  // not read back the queued row it has just written.
  const wakeup = wait ? await watchStatus(row.id) : undefined;
  await timed('enqueue', () => enqueueAccepted(row.id, retry, { answer: wakeup !== undefined }));
  if (wakeup) {
    // With the row, what it printed, so an integrator needs no second request. The worker publishes
    // both with the run's end (publishAnswer); without them (Redis was away, the wait ran out, the
    // reconciler enqueued the run) they are read, together: a final row's attempt no longer changes.
    const { final, output } = await timed('wait', () =>
      waitForFinal(row.id, Math.min(row.timeoutSeconds + 10, 120) * 1000, {
        registered: wakeup,
        lazyCommit,
        read: async (id) => {
          const answer = wakeup.answer;
          if (answer) return { status: answer.execution.status, final: answer.execution, output: answer.output };
          const [final, output] = await Promise.all([
            readExecution(id),
            getOutputTail({ executionId: id, attempt: 'current' }),
          ]);
          return { status: final.status, final: toExecutionDto(final), output };
        },
      }),
    );
    return { ...final, script_name: scriptName, created: true, output };
  }
  return { ...toExecutionDto(row, scriptName), created: true };
}

export function enqueueAccepted(
  executionId: string,
  retry: RetryPolicy,
  opts: { answer?: boolean } = {},
): Promise<void> {
  return enqueueAcceptedRuns([{ executionId, retry, ...opts }]);
}

/** Accepted runs enqueued together (one Redis round trip); a failure is left to the reconciler. */
export function enqueueAcceptedRuns(
  runs: Array<{ executionId: string; retry: RetryPolicy; answer?: boolean }>,
): Promise<void> {
  return enqueueExecutions(runs).catch((err: unknown) => {
    logger().error(
      { err, executionIds: runs.map((r) => r.executionId) },
      'enqueue failed; the reconciler will enqueue it',
    );
  });
}

/**
 * Validates and writes the `queued` row with its audit entry, without enqueueing. With `tx`, the
 * row joins the caller's transaction (the workflow engine accepts a node's run in the decision
 * that starts the node) and the caller enqueues after its commit.
 */
export async function acceptExecution(opts: ExecuteScriptOptions & { tx?: DbOrTx }): Promise<AcceptedExecution> {
  const q = opts.tx ?? db();
  assertCan(opts.actor, 'script.run');
  const parsed = executeScriptInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const input = parsed.data;
  // A script row read moments ago saves a statement per run; the insert checks it is still current.
  const recent = await recentScriptRow(input.id, q);
  if (recent.cached) {
    // Refused by that row, or it changed since: the current row decides.
    // A refusal by the cached row is decided again by the current one, which alone audits it.
    const accepted = await acceptFor(recent.row, input, { ...opts, auditRefusal: false }, q).catch((err: unknown) => {
      if (err instanceof AppError) return null;
      throw err;
    });
    if (accepted) return accepted;
  }
  const accepted = await acceptFor(recent.cached ? await freshScriptRow(input.id, q) : recent.row, input, opts, q);
  if (!accepted) throw new AppError('CONFLICT', 'execution could not be created, try again');
  return accepted;
}

type ScriptRow = Awaited<ReturnType<typeof recentScriptRow>>['row'];
type ParsedInput = z.output<typeof executeScriptInput>;

/** Validates against `script` and writes the row; null when `script` is no longer the current row. */
async function acceptFor(
  script: ScriptRow,
  input: ParsedInput,
  opts: ExecuteScriptOptions & { auditRefusal?: boolean },
  q: DbOrTx,
): Promise<AcceptedExecution | null> {
  const wait = input.wait ?? false;
  assertCanRun(script, opts.trigger);
  const params = checkParameters(
    script.parametersSchema,
    input.input_parameters,
    `${script.id}@${script.updatedAt.getTime()}`,
  );
  const timeout = input.timeout ?? script.timeoutSeconds;
  assertWithinServerLimits({ timeout });

  const retry: RetryPolicy = {
    maxAttempts: (opts.overrides?.maxRetries ?? script.maxRetries) + 1,
    backoff: script.retryBackoff,
    delaySeconds: script.retryDelaySeconds,
  };
  // A workflow node's key is new unless a crashed dispatcher is being repeated: the insert's
  // conflict path answers that case, so the common one saves a query.
  const idem =
    input.idempotency_key && !opts.workflowLink
      ? { caller: idempotencyCaller(opts.actor), fingerprint: requestFingerprint(input) }
      : null;
  if (input.idempotency_key && idem) {
    const existing = await findByIdempotencyKey(q, script.id, input.idempotency_key);
    if (existing)
      return { row: assertSameRequest(existing, idem), scriptName: script.name, created: false, retry, wait };
  }

  const resolved = await resolveSecretRefs(input.environment_vars, await secretUse(script, input, opts, q), q);
  const scriptVersion = opts.overrides?.scriptVersion ?? script.currentVersion;
  // The row and its audit entry commit together, in one statement, before the job exists.
  const audit = auditCte(
    {
      actor: opts.actor,
      action: 'execution.start',
      entityType: 'execution',
      summary: coded('audit.run_of', {
        trigger_code: `trigger.${opts.trigger}`,
        name: script.name,
        version: scriptVersion,
      }),
      meta: opts.meta,
    },
    'inserted',
    sql`inserted.id::text`,
  );
  const environment: SealedEnvironment = {
    vars: resolved.vars,
    secretKeys: resolved.secretKeys,
    original: input.environment_vars,
    secrets: resolved.secrets,
  };
  const sealed = sealEnvironment(environment);
  const { rows } = await executePrepared(
    q,
    sql`
    with inserted as (
      insert into executions (script_id, script_version, trigger_type, trigger_ref, status, input_parameters, environment,
        environment_sealed, timeout_seconds, max_attempts, worker_loss_retries, idempotency_key, idempotency_caller, idempotency_fingerprint, actor_id, workflow_run_id, workflow_node_key)
      select ${script.id}::uuid, ${scriptVersion}::int, ${opts.trigger}::trigger_type, ${opts.triggerRef ?? null}::text, 'queued'::execution_status,
        ${JSON.stringify(params)}::jsonb, ${JSON.stringify(displayEnvironment(environment, maskerFor(environment)))}::jsonb, ${sealed}::text,
        ${timeout}::int, ${retry.maxAttempts}::int, ${(opts.overrides?.retryOnWorkerLoss ?? script.retryOnWorkerLoss) ? WORKER_LOSS_RERUNS : 0}::int, ${input.idempotency_key ?? null}::text,
        ${idem?.caller ?? null}::text, ${idem?.fingerprint ?? null}::text, ${actorUserId(opts.actor)}::uuid,
        ${opts.workflowLink?.runId ?? null}::uuid, ${opts.workflowLink?.nodeKey ?? null}::text
      -- Only while the script row is the one validated above (it may come from a short-lived cache).
      where exists (select 1 from scripts where id = ${script.id} and deleted_at is null and status = ${script.status}::script_status
        and current_version = ${script.currentVersion}::int and date_trunc('milliseconds', updated_at) = ${script.updatedAt.toISOString()}::timestamptz)
      on conflict do nothing
      returning *
    ), ${audit}
    select * from inserted`,
  );
  const row = rows[0] ? rowOf(executions, rows[0]) : undefined;
  if (row) return { row, scriptName: script.name, created: true, retry, wait };
  // Lost a race with an identical idempotent request: answer with the winner's execution.
  const existing = input.idempotency_key ? await findByIdempotencyKey(q, script.id, input.idempotency_key) : undefined;
  if (existing)
    return {
      row: idem ? assertSameRequest(existing, idem) : existing,
      scriptName: script.name,
      created: false,
      retry,
      wait,
    };
  return null; // the script changed since `script` was read
}

/**
 * Whose access decides the secrets a run references, and where it runs: the caller (a schedule's or
 * trigger's owner when they fire), or for a workflow node the author of the workflow version that
 * saved the references. Only read when the environment references a secret.
 */
async function secretUse(
  script: ScriptRow,
  input: ParsedInput,
  opts: ExecuteScriptOptions & { auditRefusal?: boolean },
  q: DbOrTx,
): Promise<SecretUse> {
  const base = { scriptId: script.id, scriptName: script.name, scriptTags: script.tags ?? [] };
  const context = `${opts.trigger} run of script "${script.name}"`;
  if (opts.workflowLink && secretRefNames(input.environment_vars).size > 0) {
    const { user, workflowId } = await workflowRunSecretUser(opts.workflowLink.runId, q);
    return {
      user,
      place: { ...base, workflowId },
      actor: opts.actor,
      meta: opts.meta,
      context: `${context} (workflow node ${opts.workflowLink.nodeKey})`,
      audit: opts.auditRefusal,
    };
  }
  return {
    user: scopeUserOf(opts.actor),
    place: { ...base, workflowId: null },
    actor: opts.actor,
    meta: opts.meta,
    context,
    audit: opts.auditRefusal,
  };
}

/** The caller an idempotency key belongs to: one API key, or one signed-in user. */
function idempotencyCaller(actor: Actor): string {
  if (actor.type === 'system') return `system:${actor.reason}`;
  return `${actor.type}:${actor.id}`;
}

/** JSON with object keys sorted, so {a,b} and {b,a} fingerprint the same. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** What the run depends on (`wait` only shapes the answer). Keyed: environment values may be secrets. */
function requestFingerprint(input: ParsedInput): string {
  return keyedFingerprint(
    'idempotency',
    canonical({
      input_parameters: input.input_parameters,
      environment_vars: input.environment_vars,
      timeout: input.timeout ?? null,
    }),
  );
}

/**
 * Stripe's rule: the same key with the same request answers the original run; the same key with
 * another request, or from another caller, is a 409 instead of silently answering the old run.
 * Rows written before fingerprints existed are compared by nothing they lack.
 */
function assertSameRequest(existing: ExecutionRow, idem: { caller: string; fingerprint: string }): ExecutionRow {
  const key = JSON.stringify(existing.idempotencyKey);
  if (existing.idempotencyCaller && existing.idempotencyCaller !== idem.caller) {
    throw new AppError(
      'CONFLICT',
      `idempotency_key ${key} was already used for this script by another caller; use a key of your own`,
      { details: [{ field: 'idempotency_key', message: 'used by another caller' }] },
    );
  }
  if (existing.idempotencyFingerprint && existing.idempotencyFingerprint !== idem.fingerprint) {
    throw new AppError(
      'CONFLICT',
      `idempotency_key ${key} was already used for this script with a different request (input_parameters, environment_vars or timeout); a retry must send the same body, a new request needs a new key`,
      { details: [{ field: 'idempotency_key', message: 'already used with a different request' }] },
    );
  }
  return existing;
}

async function findByIdempotencyKey(q: DbOrTx, scriptId: string, key: string) {
  const [row] = await q
    .select()
    .from(executions)
    .where(and(eq(executions.scriptId, scriptId), eq(executions.idempotencyKey, key)))
    .limit(1);
  return row;
}
