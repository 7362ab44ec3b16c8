import { and, asc, eq, gt } from 'drizzle-orm';
import { db } from '@/db/client';
import { cleanParams, type MessageParams } from '@/server/messages/messages.shared';
import { executionAttempts, executionLogs, executions, scripts } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { toExecutionDto } from './execution-dto';
import { WORKER_LOST } from './worker-loss';

export type AttemptReason = 'first' | 'retry' | 'worker_lost';

function attemptReason(attempt: number, previousCause: string | null): AttemptReason {
  if (attempt === 1) return 'first';
  return previousCause === WORKER_LOST ? 'worker_lost' : 'retry';
}
import { executionLogsInput, type ExecutionDto, type LogLineDto } from './executions.schema';
import type { z } from 'zod';

export interface AttemptDto {
  attempt: number;
  status: string;
  exit_code: number | null;
  error: string | null;
  error_code: string | null;
  error_params: MessageParams | null;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  cause: string | null;
  reason: AttemptReason;
}

export async function getExecution(opts: {
  actor: Actor;
  id: string;
}): Promise<ExecutionDto & { attempts: AttemptDto[] }> {
  assertCan(opts.actor, 'execution.read');
  const [row] = await db()
    .select({ e: executions, name: scripts.name })
    .from(executions)
    .leftJoin(scripts, eq(scripts.id, executions.scriptId))
    .where(eq(executions.id, opts.id))
    .limit(1);
  if (!row) throw AppError.notFound('execution', opts.id);
  const attempts = await db()
    .select()
    .from(executionAttempts)
    .where(eq(executionAttempts.executionId, opts.id))
    .orderBy(asc(executionAttempts.attempt));
  return {
    ...toExecutionDto(row.e, row.name),
    attempts: attempts.map((a, i) => ({
      attempt: a.attempt,
      status: a.status,
      exit_code: a.exitCode,
      error: a.error,
      error_code: a.errorCode,
      error_params: a.errorCode ? cleanParams(a.errorParams) : null,
      started_at: a.startedAt.toISOString(),
      finished_at: a.finishedAt?.toISOString() ?? null,
      duration_ms: a.durationMs,
      /** Why the attempt ended when it was not the script's doing ('worker_lost'). */
      cause: a.cause,
      /** Why this attempt was started. */
      reason: attemptReason(a.attempt, attempts[i - 1]?.cause ?? null),
    })),
  };
}

/** Log lines after a sequence number, oldest first: the page cursor is the last seq seen. */
export async function getExecutionLogs(opts: {
  actor: Actor;
  input: z.input<typeof executionLogsInput>;
}): Promise<{ lines: LogLineDto[]; next_seq: number; status: string }> {
  assertCan(opts.actor, 'execution.read');
  const q = executionLogsInput.parse(opts.input);
  const [exec] = await db()
    .select({ status: executions.status })
    .from(executions)
    .where(eq(executions.id, q.id))
    .limit(1);
  if (!exec) throw AppError.notFound('execution', q.id);
  const conds = [eq(executionLogs.executionId, q.id), gt(executionLogs.seq, q.after_seq)];
  if (q.attempt) conds.push(eq(executionLogs.attempt, q.attempt));
  const rows = await db()
    .select()
    .from(executionLogs)
    .where(and(...conds))
    .orderBy(asc(executionLogs.seq))
    .limit(q.limit);
  return {
    lines: rows.map((r) => ({
      seq: r.seq,
      attempt: r.attempt,
      stream: r.stream,
      at: r.at.toISOString(),
      text: r.text,
    })),
    next_seq: rows.at(-1)?.seq ?? q.after_seq,
    status: exec.status,
  };
}
