import { Queue, type JobsOptions } from 'bullmq';
import { env } from '@/server/env';
import { FAIL_FAST, createRedis, isAway, publisher, redis } from './connection';
import { CHANNEL, type ExecutionAnswer, type StatusEvent } from './channels';
import { executionJobSchema, QUEUE, type ExecutionJob } from './queues';

let queue: Queue | undefined;

export function executionQueue(): Queue {
  if (!queue) {
    queue = new Queue(QUEUE.executions, { connection: createRedis(FAIL_FAST), prefix: env().QUEUE_PREFIX });
    // Connection errors (Redis restarting) surface through the calls that fail; unheard they would be printed.
    queue.on('error', () => undefined);
  }
  return queue;
}

export interface RetryPolicy {
  maxAttempts: number;
  backoff: 'fixed' | 'exponential';
  delaySeconds: number;
}

/**
 * The job id is the execution id, so a repeated enqueue (a retried request, the reconciler) can
 * never start the same execution twice. Attempts and backoff carry the script's own retry policy.
 */
/** `answer` only when a caller waits: most jobs carry the id alone. */
function jobData(executionId: string, answer: boolean | undefined): ExecutionJob {
  return executionJobSchema.parse({ executionId, ...(answer ? { answer: true } : {}) });
}

export async function enqueueExecution(
  executionId: string,
  retry: RetryPolicy,
  opts: { delayMs?: number; priority?: number; answer?: boolean } = {},
): Promise<void> {
  await executionQueue().add('run', jobData(executionId, opts.answer), jobOptions(executionId, retry, opts));
}

/**
 * Several runs in one Redis round trip (BullMQ's addBulk is one MULTI): the branches a workflow
 * decision starts at once are enqueued together.
 */
export async function enqueueExecutions(
  runs: Array<{ executionId: string; retry: RetryPolicy; answer?: boolean }>,
): Promise<void> {
  if (!runs.length) return;
  if (runs.length === 1) return enqueueExecution(runs[0]!.executionId, runs[0]!.retry, { answer: runs[0]!.answer });
  await executionQueue().addBulk(
    runs.map((r) => ({
      name: 'run',
      data: jobData(r.executionId, r.answer),
      opts: jobOptions(r.executionId, r.retry, {}),
    })),
  );
}

type EnqueueOptions = { delayMs?: number; priority?: number };

function jobOptions(executionId: string, retry: RetryPolicy, opts: EnqueueOptions): JobsOptions {
  return {
    jobId: executionId,
    attempts: Math.max(1, retry.maxAttempts),
    backoff: { type: retry.backoff, delay: retry.delaySeconds * 1000 },
    removeOnComplete: { age: 3600, count: 10_000 },
    removeOnFail: { age: 24 * 3600, count: 10_000 },
    delay: opts.delayMs,
    priority: opts.priority,
  };
}

/** Removes a job that has not started; false when it is already running or gone. */
export async function removeQueuedJob(executionId: string): Promise<boolean> {
  const job = await executionQueue().getJob(executionId);
  if (!job) return false;
  const state = await job.getState();
  if (state === 'active') return false;
  try {
    await job.remove();
    return true;
  } catch {
    return false; // taken by a worker in the meantime
  }
}

export async function jobState(executionId: string): Promise<string> {
  return executionQueue().getJobState(executionId);
}

export async function publishCancel(executionId: string): Promise<void> {
  await redis().publish(CHANNEL.cancel, executionId);
}

/** A transient signal: dropped while Redis is away (waiters re-read the row; viewers reload). */
export async function publishStatus(event: StatusEvent): Promise<void> {
  if (isAway(publisher())) return;
  await publisher().publish(CHANNEL.executionStatus, JSON.stringify(event));
}

/**
 * A waited-for run's final row and output tail, for the caller that waits (status-wakeups.ts), on a
 * channel of its own: the status channel's other listeners (live views) never receive them. Published
 * before the status event on the same connection, so a waiter has it when that event wakes it.
 */
export async function publishAnswer(answer: ExecutionAnswer): Promise<void> {
  if (isAway(publisher())) return;
  // The id first: a web process with nobody waiting for this run skips it without parsing the rest.
  await publisher().publish(CHANNEL.executionAnswer, `${answer.id} ${JSON.stringify(answer)}`);
}

/**
 * Said after runs reach the statistics rollups (a little after their status event, see
 * rollup-soon.ts), so the dashboard refreshes its figures when they have changed, not on a timer.
 */
export async function publishStatsChanged(runs: number): Promise<void> {
  if (isAway(publisher())) return;
  await publisher().publish(CHANNEL.statsChanged, JSON.stringify({ runs, at: new Date().toISOString() }));
}

export async function queueCounts(): Promise<Record<string, number>> {
  return executionQueue().getJobCounts('waiting', 'active', 'delayed', 'prioritized');
}

export async function closeExecutionQueue(): Promise<void> {
  const q = queue;
  queue = undefined;
  await q?.close();
}
