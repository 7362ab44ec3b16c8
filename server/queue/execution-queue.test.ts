import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { closeRedis } from './connection';
import { closeExecutionQueue, enqueueExecutions, executionQueue } from './execution-queue';

afterAll(async () => {
  await closeExecutionQueue();
  await closeRedis();
});

describe('enqueueExecutions (a fan-out in one round trip)', () => {
  it('adds every run with its own retry policy, under the execution id, once', async () => {
    const runs = [
      { executionId: randomUUID(), retry: { maxAttempts: 1, backoff: 'fixed' as const, delaySeconds: 5 } },
      { executionId: randomUUID(), retry: { maxAttempts: 3, backoff: 'exponential' as const, delaySeconds: 2 } },
      { executionId: randomUUID(), retry: { maxAttempts: 0, backoff: 'fixed' as const, delaySeconds: 1 } },
    ];
    await enqueueExecutions(runs);
    await enqueueExecutions(runs); // a repeated enqueue (a retried decision) adds nothing
    const jobs = await Promise.all(runs.map((r) => executionQueue().getJob(r.executionId)));
    expect(jobs.map((j) => [j?.id, j?.data, j?.opts.attempts, j?.opts.backoff])).toEqual([
      [runs[0]!.executionId, { executionId: runs[0]!.executionId }, 1, { type: 'fixed', delay: 5000 }],
      [runs[1]!.executionId, { executionId: runs[1]!.executionId }, 3, { type: 'exponential', delay: 2000 }],
      [runs[2]!.executionId, { executionId: runs[2]!.executionId }, 1, { type: 'fixed', delay: 1000 }],
    ]);
    expect(await executionQueue().getWaitingCount()).toBe(3);
  });

  it('refuses a payload that is not an execution id before anything is added', async () => {
    const retry = { maxAttempts: 1, backoff: 'fixed' as const, delaySeconds: 1 };
    const runs = [
      { executionId: randomUUID(), retry },
      { executionId: 'nope', retry },
    ];
    await expect(enqueueExecutions(runs)).rejects.toThrow();
    expect(await executionQueue().getWaitingCount()).toBe(3);
  });
});
