/**
 * A run whose worker died (SIGKILL, out of memory, machine lost, stalled lock) is the platform's
 * fault, not the script's: it is run again on a live worker as a new attempt, independently of the
 * script's own max_retries, unless the script or workflow node opted out (retry_on_worker_loss).
 * The decision is pure; worker/executions/lost-attempt.ts applies it.
 */

/** Re-runs after lost workers, per execution, when not opted out. */
export const WORKER_LOSS_RERUNS = 2;

/** The attempt row's `cause` for an attempt that ended with its worker. */
export const WORKER_LOST = 'worker_lost';

export type LostAttemptDecision =
  | { kind: 'rerun'; error: string }
  | { kind: 'fail'; error: string };

/** `lostBefore`: earlier attempts of this execution that ended with their worker. */
export function decideLostAttempt(row: { attempt: number; workerId: string | null; workerLossRetries: number }, lostBefore: number): LostAttemptDecision {
  const lost = `worker lost: ${row.workerId ?? 'unknown worker'} stopped during attempt ${row.attempt}`;
  if (row.workerLossRetries > 0) return { kind: 'rerun', error: `${lost}; run again on a live worker` };
  if (lostBefore === 0) return { kind: 'fail', error: `${lost}; not run again (retry_on_worker_loss is off)` };
  return { kind: 'fail', error: `${lost}; not run again (${lostBefore} re-run${lostBefore === 1 ? '' : 's'} after lost workers already)` };
}
