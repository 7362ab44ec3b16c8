import { isRetryable, type AttemptStatus } from './attempt-outcome';

export type AttemptDecision =
  /** The execution goes back to `queued` as `nextAttempt`; the queue schedules it with the script's backoff. */
  | { kind: 'retry'; nextAttempt: number }
  /**
   * The execution ends with `status`. `unrecoverable`: the queue must not retry the job either (a
   * timeout or a cancel is deliberate; a failure without retries left is simply over).
   */
  | { kind: 'final'; status: AttemptStatus; unrecoverable: boolean };

/**
 * After an attempt: retry or final. A plain failure is retried while the execution has attempts
 * left (`max_attempts`: the script's or node's retries, plus re-runs after lost workers) and the
 * queue job has too (it may have fewer when it was enqueued before a re-run raised the count).
 */
export function decideAttemptOutcome(a: {
  status: AttemptStatus;
  attempt: number;
  maxAttempts: number;
  queueCanRetry: boolean;
}): AttemptDecision {
  if (isRetryable(a.status) && a.attempt < a.maxAttempts && a.queueCanRetry) {
    return { kind: 'retry', nextAttempt: a.attempt + 1 };
  }
  return { kind: 'final', status: a.status, unrecoverable: a.status !== 'succeeded' && !isRetryable(a.status) };
}
