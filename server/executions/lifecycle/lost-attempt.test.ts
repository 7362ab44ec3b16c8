import { describe, expect, it } from 'vitest';
import { lostAttemptSettlement } from './lost-attempt';

const now = new Date('2026-01-01T00:01:00.000Z');
const startedAt = new Date('2026-01-01T00:00:00.000Z');

describe('lostAttemptSettlement', () => {
  it('a re-run: one more allowed attempt, one re-run fewer left, back to queued without a worker', () => {
    const row = { attempt: 1, maxAttempts: 1, workerId: 'w1', workerLossRetries: 2, startedAt };
    const s = lostAttemptSettlement(row, 0, now);
    expect(s.decision.kind).toBe('rerun');
    expect(s.change).toEqual({
      status: 'queued',
      attempt: 2,
      maxAttempts: 2,
      workerLossRetries: 1,
      error: s.decision.error,
      errorCode: 'execution.worker_lost_rerun',
      errorParams: { worker: 'w1', attempt: 1 },
      workerId: null,
      startedAt: null,
    });
    expect(s.attempt).toEqual({
      attempt: 1,
      status: 'failed',
      error: s.decision.error,
      errorCode: 'execution.worker_lost_rerun',
      errorParams: { worker: 'w1', attempt: 1 },
      workerId: 'w1',
      startedAt,
      finishedAt: now,
      durationMs: 60_000,
    });
  });

  it('opted out or out of re-runs: the execution ends failed with the cause', () => {
    const row = { attempt: 3, maxAttempts: 3, workerId: 'w2', workerLossRetries: 0, startedAt: null };
    const s = lostAttemptSettlement(row, 2, now);
    expect(s.change).toEqual({
      status: 'failed',
      error: s.decision.error,
      errorCode: 'execution.worker_lost_exhausted',
      errorParams: { worker: 'w2', attempt: 3, reruns: 2 },
      finishedAt: now,
      durationMs: null,
    });
    expect(s.decision.error).toMatch(/2 re-runs after lost workers already/);
    expect(s.attempt).toMatchObject({ startedAt: now, durationMs: null });
  });
});
