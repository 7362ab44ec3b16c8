/**
 * npm run bench:wait — latency of `wait: true` calls (request → final row returned) at concurrency
 * 10 with `echo ok`, p50/p95/p99 and the share of calls over p50 + 900 ms (a missed wake-up costs
 * the 1 s re-read). Not a test: numbers depend on the machine and its load.
 */
import os from 'node:os';
import { pct, startBenchEnvironment } from './bench-environment';

const N = Number(process.env.BENCH_N ?? 500);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 10);

async function main() {
  const bench = await startBenchEnvironment('wait');
  const { startWorkerRuntime } = await import('@/worker/runtime');
  const { createTestActor, uniqueName } = await import('@/server/test/fixtures');
  const { createScript } = await import('@/server/scripts/create-script');
  const { executeScript } = await import('@/server/executions/execute-script');
  const { closeDb } = await import('@/db/client');

  const worker = await startWorkerRuntime();
  const actor = await createTestActor('admin');
  const script = await createScript({
    actor,
    input: { name: uniqueName('bench wait'), content: 'echo ok\n', language: 'bash' },
  });
  const once = async () => {
    const t0 = performance.now();
    const e = await executeScript({ actor, input: { id: script.id, wait: true }, trigger: 'api' });
    if (e.status !== 'succeeded') throw new Error(`run ${e.id} ended ${e.status}`);
    return performance.now() - t0;
  };
  for (let i = 0; i < 30; i++) await once();
  const lat: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next++ < N) lat.push(await once());
    }),
  );
  const p50 = pct(lat, 50);
  const late = lat.filter((x) => x > p50 + 900).length;
  console.log(
    `\nbench:wait on ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}: ${N} calls, concurrency ${PARALLEL}`,
  );
  console.log(
    `p50 ${p50.toFixed(1)} ms  p95 ${pct(lat, 95).toFixed(1)} ms  p99 ${pct(lat, 99).toFixed(1)} ms  max ${Math.max(...lat).toFixed(1)} ms  p99/p50 ${(pct(lat, 99) / p50).toFixed(2)}  late (> p50 + 900 ms) ${late} (${((late / N) * 100).toFixed(1)}%)\n`,
  );
  await worker.stop(2000);
  await closeDb();
  await bench.stop();
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
