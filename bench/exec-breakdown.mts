// Where one run's time goes (medians over 70 sequential bash `true` runs): accept, hand-over to a worker,
// worker preparation and cleanup, the sandbox itself, and final write to status event.
// Run: node --import tsx bench/exec-breakdown.mts
import { startBenchEnvironment } from './bench-environment';
const bench = await startBenchEnvironment('breakdown');
const { startWorkerRuntime } = await import('@/worker/runtime');
const { createTestActor, uniqueName } = await import('@/server/test/fixtures');
const { createScript } = await import('@/server/scripts/create-script');
const { executeScript } = await import('@/server/executions/execute-script');
const { createRedis } = await import('@/server/queue/connection');
const { CHANNEL } = await import('@/server/queue/channels');
const { db } = await import('@/db/client');
const { executions } = await import('@/db/schema');
const { eq } = await import('drizzle-orm');
const worker = await startWorkerRuntime();
const actor = await createTestActor('admin');
const s = await createScript({ actor, input: { name: uniqueName('t'), content: 'true\n', language: 'bash' } });
const sub = createRedis();
await sub.subscribe(CHANNEL.executionStatus);
const waiters = new Map<string, (t: number) => void>();
sub.on('message', (_c, m) => {
  const e = JSON.parse(m);
  if (e.status === 'succeeded') waiters.get(e.id)?.(Date.now());
});
const rows: number[][] = [];
for (let i = 0; i < 80; i++) {
  const t0 = Date.now();
  let resolveFn!: (t: number) => void;
  const p = new Promise<number>((r) => (resolveFn = r));
  const e = await executeScript({ actor, input: { id: s.id }, trigger: 'api' });
  waiters.set(e.id, resolveFn);
  const tAccept = Date.now();
  const tEvent = await p;
  const [r] = await db().select().from(executions).where(eq(executions.id, e.id));
  if (i >= 10)
    rows.push([
      tAccept - t0,
      r!.startedAt!.getTime() - tAccept,
      r!.finishedAt!.getTime() - r!.startedAt!.getTime() - r!.durationMs!,
      r!.durationMs!,
      tEvent - r!.finishedAt!.getTime(),
      tEvent - t0,
    ]);
}
const med = (k: number) => {
  const v = rows.map((r) => r[k]!).sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
};
console.log(
  'median ms: accept',
  med(0),
  '| accept→claim',
  med(1),
  '| worker prep+cleanup',
  med(2),
  '| sandbox',
  med(3),
  '| final write→event',
  med(4),
  '| total',
  med(5),
);
await worker.stop(1000);
await bench.stop();
process.exit(0);
