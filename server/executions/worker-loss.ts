import { coded, type MessageCode, type MessageParams } from '@/server/messages/messages.shared';

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

/** `error` is the English text; `code` + `params` the same as a message code (stored beside it). */
export type LostAttemptDecision = { kind: 'rerun' | 'fail'; error: string; code: MessageCode; params: MessageParams };

function decision(kind: LostAttemptDecision['kind'], code: MessageCode, params: MessageParams): LostAttemptDecision {
  const text = coded(code, params);
  return { kind, error: text.message, code, params };
}

/** `lostBefore`: earlier attempts of this execution that ended with their worker. */
export function decideLostAttempt(
  row: { attempt: number; workerId: string | null; workerLossRetries: number },
  lostBefore: number,
): LostAttemptDecision {
  // A run without a recorded worker names it through a nested code, so the UI says "unknown" in its language.
  const who: MessageParams = row.workerId ? { worker: row.workerId } : { worker_code: 'execution.unknown_worker' };
  const params = { ...who, attempt: row.attempt };
  if (row.workerLossRetries > 0) return decision('rerun', 'execution.worker_lost_rerun', params);
  if (lostBefore === 0) return decision('fail', 'execution.worker_lost_opted_out', params);
  if (lostBefore === 1) return decision('fail', 'execution.worker_lost_exhausted_one', params);
  return decision('fail', 'execution.worker_lost_exhausted', { ...params, reruns: lostBefore });
}
