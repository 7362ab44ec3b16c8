/**
 * npm run bench:workflow — what the workflow engine adds on top of the scripts it runs, on this machine.
 * (a) orchestration per node: end-to-end time of a run (start request → run row final) minus the
 *     nodes' own execution durations, divided by the node count; p50 over BENCH_RUNS (20) runs, for
 *     a 10-node fan-out/join/condition workflow, a 14-node fan-out (5 branches × 2 bash scripts) and a
 *     50-node chain of bash `true`. The e2e p50 of the 14-node shape is issue #22's target (≤ 60 ms).
 * (b) a chain of 40 sequential Python tasks, each computing fibo(10) recursively and passing its
 *     result to the next through parameters: total wall time from the start request to final state.
 * Not a test: the numbers depend on the machine and its load.
 */
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { pct, startBenchEnvironment } from './bench-environment';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const PY_RUNS = Number(process.env.BENCH_PY_RUNS ?? 3);
/** 'a' or 'b' to run one part only. */
const ONLY = process.env.BENCH_ONLY ?? '';

const f1 = (n: number) => n.toFixed(1);

async function main() {
  const bench = await startBenchEnvironment('workflow');

  const { eq } = await import('drizzle-orm');
  const { db, closeDb } = await import('@/db/client');
  const { executions, workflowRuns } = await import('@/db/schema');
  const { env } = await import('@/server/env');
  const { startWorkerRuntime } = await import('@/worker/runtime');
  const { createTestActor, uniqueName } = await import('@/server/test/fixtures');
  const { createScript } = await import('@/server/scripts/create-script');
  const { createWorkflow } = await import('@/server/workflows/create-workflow');
  const { startWorkflowRun } = await import('@/server/workflows/start-workflow-run');
  type GraphInput = import('@/server/workflows/workflows.schema').WorkflowGraphInput;

  // BENCH_ASYNC_COMMIT=1: commits stop waiting for the disk (PostgreSQL synchronous_commit=off), which
  // separates what the engine costs from this machine's fsync latency.
  const asyncCommit = process.env.BENCH_ASYNC_COMMIT === '1';
  if (asyncCommit) {
    const { sql } = await import('drizzle-orm');
    await db().execute(
      sql.raw(`alter database "${new URL(bench.services.databaseUrl).pathname.slice(1)}" set synchronous_commit = off`),
    );
    await closeDb(); // new connections pick the setting up
  }
  const worker = await startWorkerRuntime({ concurrency: env().MAX_CONCURRENT_SCRIPTS });
  const admin = await createTestActor('admin');
  const script = (content: string, language: 'bash' | 'python') =>
    createScript({ actor: admin, input: { name: uniqueName('bench'), content, language, status: 'active' } });
  const workflow = (graph: GraphInput) =>
    createWorkflow({ actor: admin, input: { name: uniqueName('bench-wf'), graph, status: 'active' } });

  /** Runs once; answers e2e ms (request → run finished_at) and the executions of its nodes. */
  async function runOnce(workflowId: string) {
    const t0 = Date.now();
    const run = await startWorkflowRun({ actor: admin, workflowId, input: {}, trigger: 'api' });
    for (;;) {
      const [row] = await db().select().from(workflowRuns).where(eq(workflowRuns.id, run.id));
      if (row!.finishedAt) {
        if (row!.status !== 'succeeded') throw new Error(`bench run ${run.id} ended ${row!.status}: ${row!.error}`);
        const execs = await db().select().from(executions).where(eq(executions.workflowRunId, run.id));
        return { e2e: row!.finishedAt.getTime() - t0, execs, runId: run.id };
      }
      await sleep(10);
    }
  }

  const truthy = await script('true\n', 'bash');
  let edge = 0;
  const e = (source: string, target: string, label: 'true' | 'false' | null = null) => ({
    id: `e${++edge}`,
    source,
    target,
    label,
  });
  const scriptNode = (key: string, id: string, parameters = {}) => ({
    key,
    type: 'script' as const,
    config: { script_id: id, parameters },
  });

  // ---- (a) 10 nodes: start, parallel, 5 branches of `true`, join, condition, end (both branches end there)
  const branches = [1, 2, 3, 4, 5].map((i) => `b${i}`);
  const fanOut = await workflow({
    nodes: [
      { key: 'start', type: 'start' },
      { key: 'fan', type: 'parallel' },
      ...branches.map((b) => scriptNode(b, truthy.id)),
      { key: 'join', type: 'join', config: { mode: 'all' } },
      {
        key: 'check',
        type: 'condition',
        config: { condition: { mode: 'rule', left: 'nodes.join.output.arrived|length', operator: '==', right: 5 } },
      },
      { key: 'end', type: 'end' },
    ],
    edges: [
      e('start', 'fan'),
      ...branches.flatMap((b) => [e('fan', b), e(b, 'join')]),
      e('join', 'check'),
      e('check', 'end', 'true'),
      e('check', 'end', 'false'),
    ],
  });
  // ---- (a) 14 nodes (issue #22): start, parallel, 5 branches × 2 bash `true` in sequence, join, end
  const pairs = branches.map((b) => [`${b}a`, `${b}b`] as const);
  const fanOut14 = await workflow({
    nodes: [
      { key: 'start', type: 'start' },
      { key: 'fan', type: 'parallel' },
      ...pairs.flatMap(([a, b]) => [scriptNode(a, truthy.id), scriptNode(b, truthy.id)]),
      { key: 'join', type: 'join', config: { mode: 'all' } },
      { key: 'end', type: 'end' },
    ],
    edges: [e('start', 'fan'), ...pairs.flatMap(([a, b]) => [e('fan', a), e(a, b), e(b, 'join')]), e('join', 'end')],
  });
  // ---- (a) 50 nodes: start, 48 × `true`, end
  const chainKeys = Array.from({ length: 48 }, (_, i) => `t${i + 1}`);
  const keys50 = ['start', ...chainKeys, 'end'];
  const chain50 = await workflow({
    nodes: [
      { key: 'start', type: 'start' },
      ...chainKeys.map((k) => scriptNode(k, truthy.id)),
      { key: 'end', type: 'end' },
    ],
    edges: keys50.slice(1).map((k, i) => e(keys50[i]!, k)),
  });

  async function orchestration(
    label: string,
    workflowId: string,
    nodes: number,
    criticalPath: (execs: Array<typeof executions.$inferSelect>) => number,
  ) {
    await runOnce(workflowId); // warm-up: caches, connections, interpreter pages
    const perNodeCritical: number[] = [];
    const perNodeSum: number[] = [];
    const e2es: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await runOnce(workflowId);
      const sum = r.execs.reduce((a, x) => a + (x.durationMs ?? 0), 0);
      e2es.push(r.e2e);
      perNodeSum.push((r.e2e - sum) / nodes);
      perNodeCritical.push((r.e2e - criticalPath(r.execs)) / nodes);
    }
    console.log(
      `${label}: e2e p50 ${f1(pct(e2es, 50))} ms (p95 ${f1(pct(e2es, 95))});` +
        ` orchestration per node p50 ${f1(pct(perNodeCritical, 50))} ms (p95 ${f1(pct(perNodeCritical, 95))}) [e2e − critical-path execution time];` +
        ` ${f1(pct(perNodeSum, 50))} ms [e2e − sum of all execution durations]`,
    );
  }

  console.log(
    `workflow bench: ${RUNS} runs each, worker concurrency ${env().MAX_CONCURRENT_SCRIPTS}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}, synchronous_commit ${asyncCommit ? 'off' : 'on'}`,
  );
  if (ONLY !== 'b') {
    await orchestration('(a) 10-node fan-out/join/condition', fanOut.id, 10, (execs) =>
      Math.max(...execs.map((x) => x.durationMs ?? 0)),
    );
    await orchestration('(a) 14-node fan-out (5 × 2 bash)', fanOut14.id, 14, (execs) => {
      const byKey = new Map(execs.map((x) => [x.workflowNodeKey, x.durationMs ?? 0]));
      return Math.max(...pairs.map(([a, b]) => (byKey.get(a) ?? 0) + (byKey.get(b) ?? 0)));
    });
    await orchestration('(a) 50-node chain', chain50.id, 50, (execs) =>
      execs.reduce((a, x) => a + (x.durationMs ?? 0), 0),
    );
  }

  // ---- (b) 40 sequential python fibo(10) tasks, each passing its result on
  const fibo = await script(
    [
      'import json, os',
      'def fibo(n):',
      '    return n if n < 2 else fibo(n - 1) + fibo(n - 2)',
      'inp = json.load(open(os.environ["VSS_INPUT_FILE"]))',
      'json.dump({"value": inp.get("acc", 0) + fibo(10)}, open(os.environ["VSS_RESULT_FILE"], "w"))',
      '',
    ].join('\n'),
    'python',
  );
  const pyKeys = Array.from({ length: 40 }, (_, i) => `fib${i + 1}`);
  const pyAll = ['start', ...pyKeys, 'end'];
  const py = await workflow({
    nodes: [
      { key: 'start', type: 'start' },
      ...pyKeys.map((k, i) =>
        scriptNode(
          k,
          fibo.id,
          i === 0
            ? { acc: { mode: 'literal', value: 0 } }
            : { acc: { mode: 'expression', expression: `nodes.${pyKeys[i - 1]}.output.value` } },
        ),
      ),
      { key: 'end', type: 'end' },
    ],
    edges: pyAll.slice(1).map((k, i) => e(pyAll[i]!, k)),
  });
  if (ONLY !== 'a') await runOnce(py.id); // warm-up
  const walls: number[] = [];
  for (let i = 0; ONLY !== 'a' && i < PY_RUNS; i++) {
    const r = await runOnce(py.id);
    const last = r.execs.find((x) => x.workflowNodeKey === 'fib40');
    const value = (last?.result as { value?: number } | null)?.value;
    if (value !== 40 * 55) throw new Error(`fibo chain produced ${value}, expected ${40 * 55}`);
    const execSum = r.execs.reduce((a, x) => a + (x.durationMs ?? 0), 0);
    walls.push(r.e2e);
    console.log(
      `(b) 40 × python fibo(10): wall ${r.e2e} ms (target < 1200 ms); sandboxed python runs ${execSum} ms in total (${f1(execSum / 40)} ms each), orchestration ${f1((r.e2e - execSum) / 40)} ms per node`,
    );
  }
  if (walls.length)
    console.log(
      `(b) median wall ${pct(walls, 50)} ms over ${walls.length} runs (python: ${(await import('@/server/runtime/interpreters')).resolveInterpreters({ python: env().PYTHON_PATH }).python})`,
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
