/**
 * npm run bench:exec — orchestration overhead of one script run, measured on this machine.
 * (a) floor: the same sandboxed command spawned directly in a loop; (b) request → final state
 * through the service, p50/p95; (c) throughput of 1,000 runs at default concurrency vs the floor's;
 * (d) the same for python3. Not a test: numbers depend on the machine and its load.
 */
import os from 'node:os';
import { pct, startBenchEnvironment } from './bench-environment';

const N_LATENCY = Number(process.env.BENCH_N ?? 200);
const N_THROUGHPUT = Number(process.env.BENCH_THROUGHPUT ?? 1000);

const fmt = (n: number) => n.toFixed(1).padStart(8);

async function main() {
  const bench = await startBenchEnvironment('exec');
  const { storage } = bench;

  const { floorRunner } = await import('./sandbox-floor');
  const { env } = await import('@/server/env');
  const { startWorkerRuntime } = await import('@/worker/runtime');
  const { createTestActor, uniqueName } = await import('@/server/test/fixtures');
  const { createScript } = await import('@/server/scripts/create-script');
  const { executeScript } = await import('@/server/executions/execute-script');
  const { createRedis } = await import('@/server/queue/connection');
  const { CHANNEL } = await import('@/server/queue/channels');
  const { closeDb } = await import('@/db/client');

  const concurrency = env().MAX_CONCURRENT_SCRIPTS;

  async function throughput(n: number, parallel: number, one: () => Promise<unknown>): Promise<number> {
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next++ < n) await one();
      }),
    );
    return (n / (performance.now() - t0)) * 1000;
  }

  // ---- service path
  const worker = await startWorkerRuntime();
  const actor = await createTestActor('admin');
  const finals = new Map<string, () => void>();
  const early = new Set<string>();
  const sub = createRedis();
  await sub.subscribe(CHANNEL.executionStatus);
  sub.on('message', (_c, msg) => {
    const ev = JSON.parse(msg) as { id: string; status: string };
    if (!['succeeded', 'failed', 'timed_out', 'cancelled'].includes(ev.status)) return;
    if (ev.status !== 'succeeded') console.error('run did not succeed', ev);
    const done = finals.get(ev.id);
    if (done) done();
    else early.add(ev.id);
  });
  async function runOnce(scriptId: string): Promise<number> {
    const t0 = performance.now();
    const e = await executeScript({ actor, input: { id: scriptId }, trigger: 'api' });
    if (!early.delete(e.id)) await new Promise<void>((r) => finals.set(e.id, r));
    finals.delete(e.id);
    return performance.now() - t0;
  }

  const rows: string[] = [];
  const languages = (process.env.BENCH_LANGUAGES ?? 'bash,python').split(',');
  for (const [language, content, label] of [
    ['bash', 'true\n', 'bash -c true'],
    ['python', 'pass\n', 'python3 -c pass'],
  ] as const) {
    if (!languages.includes(language)) continue;
    const floor = floorRunner({ dir: storage, language, content });
    for (let i = 0; i < 20; i++) await floor(); // warm-up
    const floorLat: number[] = [];
    for (let i = 0; i < N_LATENCY; i++) floorLat.push(await floor());
    const floorTput = await throughput(N_THROUGHPUT, concurrency, floor);

    const script = await createScript({ actor, input: { name: uniqueName(`bench ${language}`), content, language } });
    for (let i = 0; i < 20; i++) await runOnce(script.id);
    const lat: number[] = [];
    for (let i = 0; i < N_LATENCY; i++) lat.push(await runOnce(script.id));
    const tput = await throughput(N_THROUGHPUT, concurrency * 2, () => runOnce(script.id));

    rows.push(
      `${label.padEnd(16)} floor p50 ${fmt(pct(floorLat, 50))} ms  p95 ${fmt(pct(floorLat, 95))} ms | service p50 ${fmt(pct(lat, 50))} ms  p95 ${fmt(pct(lat, 95))} ms | overhead p50 ${fmt(pct(lat, 50) - pct(floorLat, 50))} ms (x${(pct(lat, 50) / pct(floorLat, 50)).toFixed(2)})`,
      `${''.padEnd(16)} throughput (${N_THROUGHPUT} runs, concurrency ${concurrency}): floor ${fmt(floorTput)}/s  service ${fmt(tput)}/s  = ${((tput / floorTput) * 100).toFixed(0)}% of the floor`,
    );
  }
  console.log(
    `\nbench:exec on ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n${rows.join('\n')}\n`,
  );
  sub.disconnect();
  await worker.stop(2000);
  await closeDb();
  await bench.stop();
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
