/**
 * npm run bench:spinners — can ten CPU-spinning runs starve the API? A separate process serves the
 * executions list (the real service on PostgreSQL) while this one runs a worker; p50/p95 of
 * sequential requests are measured idle and with BENCH_SPINNERS (10) python `while True: pass` runs
 * going. Target: p95 under spinners ≤ 3 × idle p95. Runs live in their control groups (a low CPU
 * weight for all of them together) where the host has them. Not a test: the machine's load matters.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pct, startBenchEnvironment } from './bench-environment';

const N = Number(process.env.BENCH_N ?? 300);
const SPINNERS = Number(process.env.BENCH_SPINNERS ?? 10);

async function measure(port: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/`);
    if (!res.ok) throw new Error(`probe answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
    times.push(performance.now() - t);
  }
  return times;
}

async function main() {
  const bench = await startBenchEnvironment('spinners');
  const { startWorkerRuntime } = await import('@/worker/runtime');
  const { createTestActor, uniqueName } = await import('@/server/test/fixtures');
  const { createScript } = await import('@/server/scripts/create-script');
  const { executeScript } = await import('@/server/executions/execute-script');
  const { cancelExecution } = await import('@/server/executions/cancel-execution');
  const { getExecution } = await import('@/server/executions/get-execution');
  const { cgroupSupport } = await import('@/worker/sandbox/cgroups');

  const probe = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'api-probe-server.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  });
  const port = await new Promise<number>((resolve) =>
    probe.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
  );
  const worker = await startWorkerRuntime({ concurrency: SPINNERS });
  const admin = await createTestActor('admin');
  try {
    const spin = await createScript({
      actor: admin,
      input: {
        name: uniqueName('spinner'),
        content: 'while True:\n    pass\n',
        language: 'python',
        status: 'active',
        timeout: 300,
      },
    });
    await measure(port); // warm-up
    const idle = await measure(port);
    const runs = [];
    for (let i = 0; i < SPINNERS; i++)
      runs.push(await executeScript({ actor: admin, input: { id: spin.id }, trigger: 'api' }));
    for (;;) {
      const states = await Promise.all(runs.map((r) => getExecution({ actor: admin, id: r.id })));
      if (states.every((s) => s.status === 'running')) break;
      await sleep(200);
    }
    await sleep(1000);
    const busy = await measure(port);
    for (const r of runs) await cancelExecution({ actor: admin, id: r.id }).catch(() => undefined);
    const f = (x: number) => x.toFixed(1);
    console.log(
      `spinners bench: ${SPINNERS} python spinners, ${N} sequential requests, control groups: ${cgroupSupport().version ?? 'none'}`,
    );
    console.log(`idle      p50 ${f(pct(idle, 50))} ms  p95 ${f(pct(idle, 95))} ms`);
    console.log(
      `spinning  p50 ${f(pct(busy, 50))} ms  p95 ${f(pct(busy, 95))} ms  (${f(pct(busy, 95) / pct(idle, 95))}× idle p95; target ≤ 3×)`,
    );
  } finally {
    probe.kill();
    await worker.stop(2000);
    await bench.stop();
  }
  process.exit(0);
}

void main();
