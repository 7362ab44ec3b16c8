import { describe, expect, it } from 'vitest';
import { decideLostAttempt } from './worker-loss';

describe('decideLostAttempt', () => {
  it.each([
    [
      { attempt: 1, workerId: 'w1', workerLossRetries: 2 },
      0,
      'rerun',
      /^worker lost: w1 stopped during attempt 1; run again/,
    ],
    [
      { attempt: 3, workerId: 'w2', workerLossRetries: 0 },
      2,
      'fail',
      /not run again \(2 re-runs after lost workers already\)/,
    ],
    [{ attempt: 1, workerId: 'w1', workerLossRetries: 0 }, 0, 'fail', /retry_on_worker_loss is off/],
    [{ attempt: 2, workerId: null, workerLossRetries: 1 }, 1, 'rerun', /^worker lost: unknown worker/],
  ])('%o after %i lost attempts: %s', (row, lostBefore, kind, error) => {
    const d = decideLostAttempt(row, lostBefore);
    expect(d.kind).toBe(kind);
    expect(d.error).toMatch(error);
  });
});
