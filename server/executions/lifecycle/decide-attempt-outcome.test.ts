import { describe, expect, it } from 'vitest';
import type { AttemptStatus } from './attempt-outcome';
import { decideAttemptOutcome, type AttemptDecision } from './decide-attempt-outcome';

// [status, attempt, maxAttempts, queue can retry, decision]
const table: Array<[AttemptStatus, number, number, boolean, AttemptDecision]> = [
  ['succeeded', 1, 3, true, { kind: 'final', status: 'succeeded', unrecoverable: false }],
  ['failed', 1, 3, true, { kind: 'retry', nextAttempt: 2 }],
  ['failed', 2, 3, true, { kind: 'retry', nextAttempt: 3 }],
  ['failed', 3, 3, true, { kind: 'final', status: 'failed', unrecoverable: false }],
  ['failed', 1, 1, true, { kind: 'final', status: 'failed', unrecoverable: false }],
  // The job has no attempt left (enqueued before a re-run after a lost worker raised max_attempts).
  ['failed', 1, 3, false, { kind: 'final', status: 'failed', unrecoverable: false }],
  ['timed_out', 1, 3, true, { kind: 'final', status: 'timed_out', unrecoverable: true }],
  ['cancelled', 1, 3, true, { kind: 'final', status: 'cancelled', unrecoverable: true }],
];

describe('decideAttemptOutcome', () => {
  it.each(table)('%s, attempt %i of %i, queue can retry: %s', (status, attempt, maxAttempts, queueCanRetry, d) => {
    expect(decideAttemptOutcome({ status, attempt, maxAttempts, queueCanRetry })).toEqual(d);
  });
});
