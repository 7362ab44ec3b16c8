/**
 * node --import tsx bench/alerts-emit.ts — what a run's end pays for alerts on the worker's hot path
 * (server/alerts/emit-run-ended.ts): with no enabled rule (a cached lookup, nothing enqueued), and
 * with a rule that wants the status (one enqueue). Not a test: numbers depend on machine and load.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { pct, startBenchEnvironment } from './bench-environment';

const N = Number(process.env.BENCH_N ?? 2000);

async function main() {
  const bench = await startBenchEnvironment('alerts');
  const { emitRunEnded } = await import('@/server/alerts/emit-run-ended');
  const { createAlertChannel } = await import('@/server/alerts/create-alert-channel');
  const { createAlertRule } = await import('@/server/alerts/create-alert-rule');
  const { alertQueue, closeAlertQueue } = await import('@/server/queue/alert-queue');
  const { createTestActor, uniqueName } = await import('@/server/test/fixtures');
  const { closeDb } = await import('@/db/client');
  const { closeRedis } = await import('@/server/queue/connection');

  const measure = async (status: string) => {
    const lat: number[] = [];
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      await emitRunEnded({ subject: 'execution', id: randomUUID(), status });
      lat.push((performance.now() - t0) * 1000);
    }
    return `p50 ${pct(lat, 50).toFixed(0)} µs, p99 ${pct(lat, 99).toFixed(0)} µs`;
  };
  await emitRunEnded({ subject: 'execution', id: randomUUID(), status: 'failed' }); // warm the cache
  const none = await measure('failed');
  const jobsWithout = await alertQueue().count();

  const actor = await createTestActor('admin');
  const ch = await createAlertChannel({
    actor,
    input: { name: uniqueName('bench'), type: 'webhook', config: { url: 'http://127.0.0.1:9/x' } },
  });
  await createAlertRule({
    actor,
    input: { name: uniqueName('bench'), on: ['failed'], target: { type: 'all' }, channel_ids: [ch.id] },
  });
  const success = await measure('succeeded'); // a rule on failures only: successes enqueue nothing
  const jobsAfterSuccesses = await alertQueue().count();
  const failed = await measure('failed');
  const jobsAfterFailures = await alertQueue().count();

  console.log(
    `\nalerts on the hot path, ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ${N} run ends each`,
  );
  console.log(`no enabled rule:                 ${none}; jobs enqueued: ${jobsWithout}`);
  console.log(`rule on failed, run succeeded:   ${success}; jobs enqueued: ${jobsAfterSuccesses - jobsWithout}`);
  console.log(`rule on failed, run failed:      ${failed}; jobs enqueued: ${jobsAfterFailures - jobsAfterSuccesses}\n`);
  await closeAlertQueue();
  await closeRedis();
  await closeDb();
  await bench.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
