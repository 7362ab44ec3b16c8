import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { and, eq, sql } from 'drizzle-orm';
import { statSync } from 'node:fs';
import path from 'node:path';
import { db } from '@/db/client';
import { executePrepared } from '@/db/prepared';
import { rowOf } from '@/db/row-of';
import { isDbUnavailable, whileDbUnavailable } from '@/db/availability';
import { isRedisUnavailable } from '@/server/errors/unavailable';
import { storableText } from '@/db/storable';
import { executionAttempts, executions, scriptVersions, scripts } from '@/db/schema';
import { maskerFor, openEnvironment } from '@/server/executions/sealed-environment';
import { env } from '@/server/env';
import { logger } from '@/server/log/logger';
import { publishAnswer, publishStatus } from '@/server/queue/execution-queue';
import { toExecutionDto } from '@/server/executions/execution-dto';
import { executionJobSchema, type ExecutionJob } from '@/server/queue/queues';
import { onExecutionFinal } from '@/server/workflows/on-execution-final';
import { systemActor } from '@/server/auth/actor';
import { writeAudit } from '@/server/audit/write-audit';
import { resolveRunHostResources } from '@/server/host-resources/resolve-run-host-resources';
import { recordExecutionStarted } from '@/server/stats/metrics';
import { recordFinalRollup } from '@/server/stats/record-final-rollup';
import { rollupSoon } from '@/server/stats/rollup-soon';
import { observeFinished } from '@/server/stats/metrics';
import type { Interpreters } from '@/server/runtime/interpreters';
import type { SandboxResult, SandboxSpec } from '@/worker/sandbox/run-sandboxed';
import { checkHostBind } from '@/worker/sandbox/host-binds';
import { endExecution } from '@/worker/workflows/workflow-consumer';
import { emitRunEnded } from '@/server/alerts/emit-run-ended';
import { LogSink, type Line } from './log-sink';
import { holderStillRuns, settleLostAttempt, statusEvent } from './lost-attempt';
import { classifyOutcome, type AttemptEnd } from '@/server/executions/lifecycle/attempt-outcome';
import { decideAttemptOutcome } from '@/server/executions/lifecycle/decide-attempt-outcome';
import { finalStateOf } from '@/server/executions/lifecycle/final-state';
import { coded, type CodedMessage } from '@/server/messages/messages.shared';
import type { SandboxLauncher } from './sandbox-launcher';

export interface ProcessorDeps {
  workerId: string;
  interpreters: Interpreters;
  /** Sandboxes, work directories and uids of runs. */
  launcher: SandboxLauncher;
  /** Running executions by id: the cancel subscriber and shutdown abort them through this map. */
  running: Map<string, AbortController>;
  /** Why the worker takes no run now (the host is below a memory or disk floor), or null. */
  refusing?: () => string | null;
}

type ExecutionRow = typeof executions.$inferSelect;

const SHUTDOWN = 'worker-shutdown';

export function createExecutionProcessor(deps: ProcessorDeps) {
  return async (job: Job, token?: string): Promise<{ status: string }> => {
    const { executionId } = executionJobSchema.parse(job.data);
    if (deps.running.has(executionId)) {
      // Our own run, its job handed back to us after its lock lapsed (a stalled event loop): it goes
      // on; this delivery looks again later and then finds it final.
      return lookAgainLater(job, token);
    }
    if (deps.refusing?.() && token) {
      // The host is below a floor (host-floor.ts) or has no working sandbox: the run stays queued,
      // for a worker with room.
      await job.moveToDelayed(Date.now() + 2000, token);
      throw new DelayedError();
    }
    const controller = new AbortController();
    // Registered before the row turns `running`, so a cancel published in between is not missed.
    deps.running.set(executionId, controller);
    try {
      return await processExecution(executionId, job, token, controller, deps);
    } catch (err) {
      if (err instanceof DelayedError || err instanceof UnrecoverableError || err instanceof NextAttempt) throw err;
      if (isDbUnavailable(err) || isRedisUnavailable(err)) {
        // An outage outlasted our patience: not the run's fault. BullMQ hands the job back; the run
        // stays as it is (a `running` row whose worker no longer runs it is settled as lost).
        logger().warn({ executionId, err: (err as Error).message }, 'dependency unreachable: job handed back');
        throw err;
      }
      // Our own failure (database, filesystem...): the run must still end in a final state.
      logger().error({ err, executionId }, 'execution processing failed');
      await endAsInternalError(executionId, err).catch((e) =>
        logger().error({ err: e, executionId }, 'could not record the failure'),
      );
      throw new UnrecoverableError(`internal error: ${(err as Error).message}`);
    } finally {
      deps.running.delete(executionId);
    }
  };
}

type VersionInfo = { content: string; language: 'python' | 'bash'; allowNetwork: boolean; diskMb: number | null };
// Versions are immutable, so their content can be cached; allow_network is a script setting and is
// re-read after a short time.
const versionCache = new Map<string, { at: number; v: VersionInfo }>();

async function scriptVersion(scriptId: string, version: number): Promise<VersionInfo | undefined> {
  const key = `${scriptId}@${version}`;
  const hit = versionCache.get(key);
  if (hit && Date.now() - hit.at < 5_000) return hit.v;
  const [v] = await whileDbUnavailable(() =>
    db()
      .select({
        content: scriptVersions.content,
        language: scripts.language,
        allowNetwork: scripts.allowNetwork,
        diskMb: scripts.diskMb,
      })
      .from(scriptVersions)
      .innerJoin(scripts, eq(scripts.id, scriptVersions.scriptId))
      .where(and(eq(scriptVersions.scriptId, scriptId), eq(scriptVersions.version, version)))
      .limit(1),
  );
  if (v) {
    if (versionCache.size > 500) versionCache.clear();
    versionCache.set(key, { at: Date.now(), v });
  }
  return v;
}

async function readRow(id: string): Promise<ExecutionRow | undefined> {
  return (await whileDbUnavailable(() => db().select().from(executions).where(eq(executions.id, id)).limit(1)))[0];
}

async function processExecution(
  id: string,
  job: Job,
  token: string | undefined,
  controller: AbortController,
  deps: ProcessorDeps,
) {
  const log = logger().child({ executionId: id });
  const startedAt = new Date();
  // Also answers where this attempt's log lines continue (a run handed back at shutdown has some).
  // A database restart is waited out (whileDbUnavailable): the job keeps its lock meanwhile.
  const claim = async () => {
    const { rows } = await whileDbUnavailable(() =>
      executePrepared(
        db(),
        sql`
      update executions set status = 'running', started_at = ${startedAt.toISOString()}, worker_id = ${deps.workerId}, finished_at = null
      where id = ${id} and status = 'queued'
      returning *, (select coalesce(max(seq), 0) from execution_logs where execution_id = ${id})::int as last_seq,
        exists(select 1 from script_host_resources h where h.script_id = executions.script_id) as host_resources`,
      ),
    );
    return rows.map((r) => ({
      ...rowOf(executions, r),
      lastSeq: Number(r.last_seq),
      hostResources: r.host_resources === true,
    }));
  };
  // The common case first: one conditional update both checks and claims the run.
  let [claimed] = await claim();
  if (!claimed) {
    const row = await readRow(id);
    if (!row) return { status: 'missing' };
    if (row.status !== 'running') return { status: row.status }; // cancelled before it started, or already final
    // This job was handed back by BullMQ's stalled-job check: its worker died, or is alive and busy
    // but let its lock lapse. Only a worker that is gone (no heartbeat, or not running it) lost it.
    if (await holderStillRuns(row)) return lookAgainLater(job, token);
    const settled = await settleLostAttempt(row);
    if (settled?.status !== 'queued') return { status: settled?.status ?? 'missing' };
    [claimed] = await claim();
    if (!claimed) return { status: (await readRow(id))?.status ?? 'missing' };
  }
  void publishStatus(statusEvent(claimed)).catch(() => undefined);
  void recordExecutionStarted(claimed);

  const attempt = claimed.attempt;
  const { lastSeq } = claimed;
  const version = await scriptVersion(claimed.scriptId!, claimed.scriptVersion!);
  const sealed = openEnvironment(claimed.environmentSealed);
  const userEnv = sealed.vars;
  const sink = new LogSink(id, attempt, lastSeq, maskerFor(sealed), {
    keepTail: (job.data as ExecutionJob).answer === true, // validated when the job was taken
  });
  if (attempt > 1)
    sink.write(
      'system',
      `--- attempt ${attempt} of ${claimed.maxAttempts}${claimed.error?.startsWith('worker lost') ? ` (${claimed.error})` : ''} ---\n`,
    );

  if (!version) {
    sink.write('system', 'script version not found\n');
    return finish(
      claimed,
      { status: 'failed', error: coded('execution.version_not_found', { version: claimed.scriptVersion ?? 0 }) },
      null,
      sink,
      deps,
      job,
    );
  }

  // Most scripts have no host resource: the claim said so, and nothing more is read.
  const host = claimed.hostResources ? await hostBindsOf(claimed) : { binds: [], notes: [] };
  if ('error' in host) {
    sink.write('system', `${host.error.message}\n`);
    return finish(claimed, { status: 'failed', error: host.error }, null, sink, deps, job);
  }
  for (const line of host.notes) sink.write('system', `${line}\n`);

  const e = env();
  // The script's own quota, within this worker's maximum (a script saved against a larger
  // SANDBOX_DISK_MB elsewhere gets this worker's).
  const diskBytes = Math.min(version.diskMb ?? e.SANDBOX_DISK_MB, e.SANDBOX_DISK_MB) * 1024 * 1024;
  let result: SandboxResult | null = null;
  try {
    result = await deps.launcher.run({
      language: version.language,
      interpreter: version.language === 'python' ? deps.interpreters.python : deps.interpreters.bash,
      content: version.content,
      input: claimed.inputParameters as Record<string, unknown>,
      env: { ...userEnv, VSS_EXECUTION_ID: id, VSS_ATTEMPT: String(attempt) },
      allowNetwork: version.allowNetwork,
      timeoutMs: claimed.timeoutSeconds * 1000,
      killGraceMs: e.KILL_GRACE_MS,
      limits: {
        memoryBytes: e.SANDBOX_MEMORY_MB * 1024 * 1024,
        cpuSeconds: claimed.timeoutSeconds + 5,
        maxProcesses: e.SANDBOX_MAX_PROCESSES,
        maxOpenFiles: 1024,
        maxFileSizeBytes: e.SANDBOX_MAX_FILE_MB * 1024 * 1024,
      },
      maxLogBytes: e.LOG_MAX_BYTES,
      onOutput: (c) => sink.write(c.stream, c.text, c.at),
      signal: controller.signal,
      storageDir: path.resolve(e.SCRIPT_STORAGE_PATH),
      hiddenPaths: [path.resolve(e.DATA_DIR)],
      tmpSizeBytes: diskBytes,
      workDirBytes: diskBytes,
      ...(host.binds.length ? { hostBinds: host.binds } : {}),
    });
  } catch (err) {
    log.error({ err }, 'sandbox failed to run');
    sink.write('system', `internal error: the sandbox could not run the script: ${(err as Error).message}\n`);
  }

  // Graceful shutdown ran out of time and stopped the script: hand the run back instead of failing
  // it. A script that ended on its own meanwhile is recorded as it ended (handing it back would run
  // it twice).
  if (
    controller.signal.aborted &&
    controller.signal.reason === SHUTDOWN &&
    token &&
    (!result || result.outcome === 'cancelled')
  ) {
    sink.write('system', 'worker shutting down: run handed back to the queue\n');
    await sink.close();
    await whileDbUnavailable(() =>
      db()
        .update(executions)
        .set({ status: 'queued', startedAt: null, workerId: null })
        .where(and(eq(executions.id, id), eq(executions.status, 'running'))),
    );
    await job.moveToDelayed(Date.now() + 500, token);
    throw new DelayedError();
  }

  if (result?.truncated)
    sink.write(
      'system',
      `\n[log truncated: the script wrote ${result.outputBytes} bytes, the cap is ${e.LOG_MAX_BYTES}]\n`,
    );
  const outcome: AttemptEnd = result
    ? classifyOutcome(result, claimed.timeoutSeconds)
    : { status: 'failed', error: coded('execution.sandbox_failed') };
  return finish(claimed, outcome, result, sink, deps, job);
}

/**
 * The run's granted host resources (issue #25) as sandbox binds, checked again against this host:
 * a declared resource that is suspended, refused by the policy, missing here or of another kind
 * fails the run before it starts. A run that binds any is recorded in the audit log.
 */
async function hostBindsOf(
  row: ExecutionRow,
): Promise<{ binds: NonNullable<SandboxSpec['hostBinds']>; notes: string[] } | { error: CodedMessage }> {
  const resolved = await resolveRunHostResources(row.scriptId!);
  if (!resolved.ok) return { error: resolved.error };
  if (!resolved.resources.length) return { binds: [], notes: [] };
  const binds = resolved.resources.map((r) => ({ path: r.path, kind: r.kind, writable: r.mode === 'read-write' }));
  for (const [i, b] of binds.entries()) {
    const problem = checkHostBind(b);
    if (problem)
      return {
        error: coded('execution.host_resource_unbindable', { name: resolved.resources[i]!.name, detail: problem }),
      };
  }
  const list = resolved.resources.map((r) => `${r.name} (${r.kind} ${r.path}, ${r.mode})`).join(', ');
  await writeAudit({
    actor: systemActor('worker'),
    action: 'execution.host_resources',
    entityType: 'execution',
    entityId: row.id,
    summary: coded('audit.host_resources_bound', {
      attempt: row.attempt,
      script_id: row.scriptId ?? '',
      resources: list,
    }),
  });
  const notes = [`host resources: ${list}`];
  for (const r of resolved.resources) {
    if (r.mode === 'read-write' && r.kind !== 'device' && !writableByOthers(r.path)) {
      notes.push(
        `note: ${r.path} is granted read-write but its permissions do not let other users write it; the script runs as an unprivileged uid without groups (see docs/host-resources.md)`,
      );
    }
  }
  return { binds, notes };
}

function writableByOthers(p: string): boolean {
  try {
    const st = statSync(p);
    return st.isDirectory() ? (st.mode & 0o003) === 0o003 : (st.mode & 0o002) === 0o002;
  } catch {
    return false;
  }
}

/**
 * Writes the attempt, then either schedules the next attempt or writes the final row once: the
 * decision and the values are the lifecycle's (server/executions/lifecycle), this only writes them.
 */
async function finish(
  row: ExecutionRow,
  endedWith: AttemptEnd,
  result: SandboxResult | null,
  sink: LogSink,
  deps: ProcessorDeps,
  job: Job,
): Promise<{ status: string }> {
  // The last output goes into the final statement's commit (log-sink.ts closeForFinal).
  const lastLines = await sink.closeForFinal();
  // An error text may quote what the script wrote (a JSON parse error): stored like its output, masked.
  const endError = endedWith.error;
  const error = endError === null ? null : storableText(sink.mask(endError.message));
  // The parameters may quote the script too (a result file's parse error): masked the same way.
  const errorCode = endError?.code ?? null;
  const errorParams = endError === null ? null : maskParams(endError.params, sink);
  // A script may echo a secret into its result too: masked value by value (its JSON text is never edited).
  const measures = result && {
    ...result,
    result: result.result === undefined ? undefined : sink.maskValue(result.result),
  };
  const ended = finalStateOf({
    attempt: row.attempt,
    startedAt: row.startedAt,
    status: endedWith.status,
    error,
    errorCode,
    errorParams,
    measures,
    logBytes: sink.bytes,
    workerId: deps.workerId,
    finishedAt: new Date(),
  });
  const decision = decideAttemptOutcome({
    status: endedWith.status,
    attempt: row.attempt,
    maxAttempts: row.maxAttempts,
    queueCanRetry: job.attemptsMade + 1 < (job.opts.attempts ?? 1),
  });

  if (decision.kind === 'retry') {
    await sink.store(lastLines);
    sink.publish(lastLines);
    lastLines.length = 0;
    // The attempt row and the execution's new state commit together: one durable commit, and no
    // reader ever sees a final execution without its attempt.
    const next = await whileDbUnavailable(() =>
      db().transaction(async (tx) => {
        await tx
          .insert(executionAttempts)
          .values({ executionId: row.id, ...ended.attempt })
          .onConflictDoNothing();
        const [n] = await tx
          .update(executions)
          .set({
            status: 'queued',
            attempt: decision.nextAttempt,
            exitCode: ended.execution.exitCode,
            error,
            errorCode,
            errorParams,
            logBytes: sql`${executions.logBytes} + ${sink.bytes}`,
          })
          .where(and(eq(executions.id, row.id), eq(executions.status, 'running')))
          .returning();
        return n;
      }),
    );
    if (next) {
      await publishStatus(statusEvent(next)).catch(() => undefined);
      // BullMQ schedules the next attempt with the script's backoff.
      throw new NextAttempt(`attempt ${row.attempt} ${endedWith.status}: ${error}; retrying`);
    }
    // No longer running (cancelled meanwhile): the final write below finds nothing to end either.
  }

  // The attempt row and the execution's final state commit together in one statement: no reader
  // ever sees a final execution without its attempt.
  const e = ended.execution;
  const at = ended.attempt;
  const finishing = (lines: Line[]) => sql`
    with ${lines.length ? logLinesCte(row.id, lines) : sql``} ended as (
      update executions set
        status = ${e.status}, exit_code = ${e.exitCode}, result = ${e.resultJson}::jsonb, error = ${e.error},
        error_code = ${e.errorCode}, error_params = ${e.errorParamsJson}::jsonb,
        finished_at = ${e.finishedAt.toISOString()}, duration_ms = ${e.durationMs},
        cpu_time_ms = ${e.cpuTimeMs}, peak_memory_bytes = ${e.peakMemoryBytes},
        log_bytes = log_bytes + ${e.addLogBytes}, log_truncated = ${e.logTruncated}
      where id = ${row.id} and status = 'running'
      returning *
    ), ended_attempt as (
      insert into execution_attempts (execution_id, attempt, status, exit_code, error, error_code, error_params, worker_id,
        started_at, finished_at, duration_ms)
      select id, ${at.attempt}::int, ${at.status}::execution_status, ${at.exitCode}::int, ${at.error}::text,
        ${at.errorCode}::text, ${e.errorParamsJson}::jsonb, ${at.workerId}::text, ${at.startedAt.toISOString()}::timestamptz,
        ${at.finishedAt.toISOString()}::timestamptz, ${at.durationMs}::int
      from ended
      on conflict do nothing
    )
    select * from ended`;
  // Kept in memory and written when the database is back: a run never fails for an outage.
  const end = (lines: Line[]) =>
    whileDbUnavailable(() => endExecution(row, finishing(lines)), {
      onWait: (err) =>
        logger().warn(
          { executionId: row.id, err: (err as Error).message },
          'database unreachable: final state kept until it is back',
        ),
    });
  let written: Awaited<ReturnType<typeof end>>;
  try {
    written = await end(lastLines);
  } catch (err) {
    if (!lastLines.length || isDbUnavailable(err)) throw err;
    // PostgreSQL refused something in the last lines: they are stored on their own (store() says
    // why in their place) and the final state without them.
    logger().warn({ err, executionId: row.id }, 'final statement refused with the last log lines; storing apart');
    await sink.store(lastLines);
    written = await end([]);
  }
  const { final, next } = written;
  sink.publish(lastLines);
  if (final) {
    // A caller waiting for this run (`wait: true`) is answered from here, not by reading it back.
    const output = sink.outputTail(); // null unless a caller waits for it (keepTail)
    if (output) void publishAnswer({ id: final.id, execution: toExecutionDto(final), output }).catch(() => undefined);
    // The status event and the workflow's next step do not wait for each other.
    const published = publishStatus(statusEvent(final)).catch(() => undefined);
    // Only the statement that made the run final returns it: counted once.
    void observeFinished(final).catch(() => undefined);
    rollupSoon();
    // After the commit, never awaited: an alert cannot delay or change the run (server/alerts).
    void emitRunEnded({ subject: 'execution', id: final.id, status: final.status });
    await Promise.all([published, next]);
  }
  if (decision.kind === 'final' && decision.unrecoverable) {
    throw new UnrecoverableError(error ?? endedWith.status); // BullMQ must not retry a deliberate end
  }
  return { status: endedWith.status };
}

/**
 * The run's last output lines, inserted by the final statement (a data-modifying CTE runs whether
 * or not the run was still `running`: a cancelled run keeps its output too).
 */
function logLinesCte(executionId: string, lines: Line[]) {
  return sql`logged as (
      insert into execution_logs (execution_id, attempt, seq, stream, at, text)
      select ${executionId}::uuid, l.attempt, l.seq, l.stream, l.at, l.text
      from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as l(attempt int, seq int, stream text, at timestamptz, text text)
      on conflict do nothing
    ),`;
}

/** The job is parked for a while, then delivered again (to whichever worker is free). */
async function lookAgainLater(job: Job, token: string | undefined): Promise<never> {
  if (!token) throw new Error('job handed back without a token');
  await job.moveToDelayed(Date.now() + 2000, token);
  throw new DelayedError();
}

/** Thrown to let BullMQ schedule the next attempt with the script's backoff. */
class NextAttempt extends Error {}

function internalError(err: unknown) {
  const detail = storableText(((err as Error).message ?? String(err)).slice(0, 2000));
  const text = coded('execution.internal', { detail });
  return { error: text.message, errorCode: text.code, errorParams: text.params };
}

function maskParams(params: CodedMessage['params'], sink: LogSink): CodedMessage['params'] {
  const out: CodedMessage['params'] = {};
  for (const [k, v] of Object.entries(params)) out[k] = typeof v === 'string' ? storableText(sink.mask(v)) : v;
  return out;
}

async function endAsInternalError(id: string, err: unknown): Promise<void> {
  const [ended] = await db()
    .update(executions)
    .set({ status: 'failed', ...internalError(err), finishedAt: new Date() })
    .where(and(eq(executions.id, id), eq(executions.status, 'running')))
    .returning();
  if (ended) await recordFinalRollup(db(), ended);
  if (ended) await publishStatus(statusEvent(ended));
  if (ended) await onExecutionFinal(ended);
  if (ended) void emitRunEnded({ subject: 'execution', id: ended.id, status: ended.status });
}

export { SHUTDOWN as SHUTDOWN_REASON, statusEvent };
