import { decideLostAttempt, type LostAttemptDecision } from '../worker-loss';

interface LostRow {
  attempt: number;
  maxAttempts: number;
  workerId: string | null;
  workerLossRetries: number;
  startedAt: Date | null;
}

/**
 * A `running` execution whose worker is gone: its attempt is recorded failed with the cause
 * `worker_lost`, then the execution runs again as a new attempt (the platform's re-run: one more
 * allowed attempt, one re-run fewer left) or ends failed with the cause (decideLostAttempt).
 * Answers the execution's change and the attempt row, for a write conditional on the attempt read.
 */
export function lostAttemptSettlement(row: LostRow, lostBefore: number, now: Date) {
  const decision: LostAttemptDecision = decideLostAttempt(row, lostBefore);
  const durationMs = row.startedAt ? now.getTime() - row.startedAt.getTime() : null;
  const error = { error: decision.error, errorCode: decision.code, errorParams: decision.params };
  const change =
    decision.kind === 'rerun'
      ? {
          status: 'queued' as const,
          attempt: row.attempt + 1,
          maxAttempts: row.maxAttempts + 1,
          workerLossRetries: row.workerLossRetries - 1,
          ...error,
          workerId: null,
          startedAt: null,
        }
      : { status: 'failed' as const, ...error, finishedAt: now, durationMs };
  const attempt = {
    attempt: row.attempt,
    status: 'failed' as const,
    ...error,
    workerId: row.workerId,
    startedAt: row.startedAt ?? now,
    finishedAt: now,
    durationMs,
  };
  return { decision, change, attempt };
}
