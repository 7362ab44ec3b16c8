/**
 * npm run chaos — the service under faults, measured (not run by CI: minutes long, machine-bound).
 * Starts its own PostgreSQL and Redis (never the machine's) and a fleet of workers
 * (bench/chaos-fleet.ts, as `npm start` runs them, in their own process group); keeps
 * CHAOS_RUNS runs and CHAOS_WORKFLOWS workflow runs (a 3-node fan-out) in flight, and in turn:
 * restarts PostgreSQL and Redis (down CHAOS_OUTAGE_S each), SIGKILLs a worker, sends SIGINT to the
 * fleet's group (a terminal's Ctrl-C) and starts it again, and pins every core for CHAOS_CPU_S.
 * Per fault it prints what was accepted and how it ended, and the time to recover.
 *   accepted       runs (and workflow runs) the API accepted while the phase was current
 *   refused        submissions answered with an error (503 while a dependency is down)
 *   finished       succeeded with every output line stored
 *   lost           accepted but missing, or succeeded with output lines missing
 *   duplicated     ran to the end more than once
 *   stuck          not final 180 s after the load stopped
 *   wrongly-failed ended failed/timed out/cancelled (the scripts never fail on their own)
 *   lost-worker    attempts ended as `worker_lost`: of runs accepted in the phase / of runs in flight at
 *                  the fault (expected after a SIGKILL only; under CPU saturation it would be a false alarm)
 *   fault lasted   how long the dependency was away (restart, fleet restart; 0 for a kill or while the CPU was pinned: measured from its end)
 *   recover        from the end of the fault: a new run succeeds end to end; every run in flight at the fault has ended
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

const OUTAGE_S = Number(process.env.CHAOS_OUTAGE_S ?? 60);
const CPU_S = Number(process.env.CHAOS_CPU_S ?? 60);
const N_RUNS = Number(process.env.CHAOS_RUNS ?? 8);
const N_WORKFLOWS = Number(process.env.CHAOS_WORKFLOWS ?? 2);
const FAULTS = (
  process.env.CHAOS_FAULTS ?? 'pg-restart,redis-restart,worker-sigkill,launcher-sigint,cpu-saturation'
).split(',');
const LINES = 8;

const root = path.resolve(import.meta.dirname, '..');
const t = () => new Date().toISOString().slice(11, 19);
const say = (msg: string) => console.log(`[chaos ${t()}] ${msg}`);

interface Tracked {
  kind: 'run' | 'workflow';
  id: string;
  phase: string;
  acceptedAt: number;
}

async function main() {
  process.env.VSS_PROCESS = 'chaos';
  process.env.LOG_LEVEL ??= 'fatal';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vss-chaos-'));
  chmodSync(dir, 0o755);
  const { startEmbeddedPostgres } = await import('@/server/infra/embedded-postgres');
  const { startEmbeddedRedis } = await import('@/server/infra/embedded-redis');
  const { runMigrations } = await import('@/db/migrate');
  let pgServer = await startEmbeddedPostgres(dir, 'vss_chaos');
  let redisServer = await startEmbeddedRedis(dir);
  const pgPort = Number(new URL(pgServer.url).port);
  const redisPort = Number(new URL(redisServer.url).port);
  await runMigrations(pgServer.url);
  Object.assign(process.env, {
    DATABASE_URL: pgServer.url,
    REDIS_URL: redisServer.url,
    QUEUE_PREFIX: 'chaos',
    SCRIPT_STORAGE_PATH: path.join(dir, 'runs'),
    AUTH_SECRET: 'chaos-secret-chaos-secret-chaos-secret', // Shorter than a run, so a Ctrl-C hands runs back instead of letting them finish.
    WORKER_SHUTDOWN_GRACE_MS: process.env.WORKER_SHUTDOWN_GRACE_MS ?? '1000',
  });
  const { createTestActor, uniqueName } = await import('@/server/test/fixtures');
  const { createScript } = await import('@/server/scripts/create-script');
  const { executeScript } = await import('@/server/executions/execute-script');
  const { createWorkflow } = await import('@/server/workflows/create-workflow');
  const { startWorkflowRun } = await import('@/server/workflows/start-workflow-run');
  const admin = await createTestActor('admin');
  const body = `echo "start $VSS_EXECUTION_ID $VSS_ATTEMPT"\nfor i in $(seq 1 ${LINES}); do echo "line $i"; sleep 0.5; done\necho end\n`;
  const script = await createScript({
    actor: admin,
    input: { name: uniqueName('chaos run'), content: body, language: 'bash', status: 'active' },
  });
  const probeScript = await createScript({
    actor: admin,
    input: { name: uniqueName('chaos probe'), content: 'echo ok\n', language: 'bash', status: 'active', timeout: 5 },
  });
  const branches = ['b1', 'b2', 'b3'];
  const wf = await createWorkflow({
    actor: admin,
    input: {
      name: uniqueName('chaos wf'),
      status: 'active',
      input_schema: null,
      graph: {
        nodes: [
          { key: 'start', type: 'start' },
          { key: 'fan', type: 'parallel' },
          ...branches.map((key) => ({
            key,
            type: 'script' as const,
            config: { script_id: script.id, parameters: {} },
          })),
          { key: 'join', type: 'join', config: { mode: 'all' } },
          { key: 'end', type: 'end' },
        ],
        edges: [
          { id: 'e0', source: 'start', target: 'fan', label: null },
          ...branches.flatMap((b) => [
            { id: `f-${b}`, source: 'fan', target: b, label: null },
            { id: `j-${b}`, source: b, target: 'join', label: null },
          ]),
          { id: 'e9', source: 'join', target: 'end', label: null },
        ],
      },
    } as never,
  });

  // A plain connection of our own for reading the results: it must survive the restarts too.
  const pool = new pg.Pool({ connectionString: pgServer.url, max: 3 });
  pool.on('error', () => undefined);
  const q = async <R>(text: string, values: unknown[] = []): Promise<R[] | null> => {
    try {
      return (await pool.query(text, values)).rows as R[];
    } catch {
      return null;
    }
  };

  // ---- the fleet
  let fleet!: ChildProcess;
  const startFleet = () => {
    fleet = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'chaos-fleet.ts')], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'fatal', CHAOS_WORKERS: process.env.CHAOS_WORKERS ?? '2' },
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    });
  };
  startFleet();

  // ---- load
  let phase = 'warmup';
  const tracked: Tracked[] = [];
  const refused = new Map<string, number>();
  const pending = new Set<Tracked>();
  let loadOn = true;
  const submit = async (kind: 'run' | 'workflow') => {
    const myPhase = phase;
    try {
      const id =
        kind === 'run'
          ? (await executeScript({ actor: admin, input: { id: script.id }, trigger: 'api' })).id
          : (await startWorkflowRun({ actor: admin, workflowId: wf.id, input: {}, trigger: 'manual' })).id;
      const tr = { kind, id, phase: myPhase, acceptedAt: Date.now() };
      tracked.push(tr);
      pending.add(tr);
    } catch {
      refused.set(myPhase, (refused.get(myPhase) ?? 0) + 1);
      await sleep(1000);
    }
  };
  const load = (async () => {
    while (loadOn) {
      const rows = [...pending].filter((p) => p.kind === 'run');
      const wfs = [...pending].filter((p) => p.kind === 'workflow');
      const ids = [...pending].map((p) => p.id);
      if (ids.length) {
        const done = await q<{ id: string }>(
          `select id from executions where id = any($1::uuid[]) and status in ('succeeded','failed','timed_out','cancelled')
          union all select id from workflow_runs where id = any($1::uuid[]) and status in ('succeeded','failed','cancelled')`,
          [ids],
        );
        for (const d of done ?? []) for (const p of pending) if (p.id === d.id) pending.delete(p);
      }
      const want: Promise<void>[] = [];
      for (let i = rows.length; i < N_RUNS; i++) want.push(submit('run'));
      for (let i = wfs.length; i < N_WORKFLOWS; i++) want.push(submit('workflow'));
      await Promise.all(want);
      await sleep(500);
    }
  })();

  const probeOnce = async (): Promise<boolean> => {
    try {
      return (
        (await executeScript({ actor: admin, input: { id: probeScript.id, wait: true }, trigger: 'api' })).status ===
        'succeeded'
      );
    } catch {
      return false;
    }
  };
  const recovery = new Map<string, { probeMs: number; faultMs: number; inflight: string[]; at: number }>();

  async function fault(name: string, inject: () => Promise<void>) {
    phase = name;
    await sleep(8000); // load running on this phase
    const inflight = [...pending].map((p) => p.id);
    const at = Date.now();
    say(`${name}: injecting with ${inflight.length} runs/workflows in flight`);
    let probeMs = -1;
    const probing = (async () => {
      await sleep(500);
      while (!(await probeOnce())) await sleep(1000);
      probeMs = Date.now() - at;
    })();
    await inject();
    const faultMs = Date.now() - at; // how long the dependency was away (0 for a kill)
    await probing;
    recovery.set(name, { probeMs, faultMs, inflight, at });
    say(`${name}: a new run succeeded ${(probeMs / 1000).toFixed(1)} s after the fault`);
    await sleep(8000);
  }

  await sleep(10_000);
  for (const name of FAULTS) {
    switch (name) {
      case 'pg-restart':
        await fault(name, async () => {
          await pgServer.stop();
          await sleep(OUTAGE_S * 1000);
          pgServer = await startEmbeddedPostgres(dir, 'vss_chaos', { port: pgPort });
        });
        break;
      case 'redis-restart':
        await fault(name, async () => {
          await redisServer.stop();
          await sleep(OUTAGE_S * 1000);
          redisServer = await startEmbeddedRedis(dir, { port: redisPort });
        });
        break;
      case 'worker-sigkill':
        await fault(name, async () => {
          // The worker running the most runs right now (its id is host:pid:random).
          const busiest = await q<{ worker_id: string; n: number }>(
            `select worker_id, count(*)::int as n from executions where status = 'running' and worker_id is not null group by worker_id order by 2 desc limit 1`,
          );
          const victim = busiest?.[0];
          if (!victim) throw new Error('no worker is running anything');
          say(`SIGKILL worker ${victim.worker_id} (running ${victim.n} runs)`);
          process.kill(Number(victim.worker_id.split(':')[1]), 'SIGKILL');
        });
        break;
      case 'launcher-sigint':
        await fault(name, async () => {
          process.kill(-fleet.pid!, 'SIGINT');
          const code = await new Promise((r) => fleet.once('exit', (c) => r(c)));
          say(`fleet stopped (exit ${code as number}); starting it again`);
          startFleet();
        });
        break;
      case 'cpu-saturation':
        await fault(name, async () => {
          const burners = Array.from({ length: os.availableParallelism() * 2 }, () =>
            spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }),
          );
          await sleep(CPU_S * 1000);
          for (const b of burners) b.kill('SIGKILL');
        });
        break;
      default:
        throw new Error(`unknown fault ${name}`);
    }
  }
  loadOn = false;
  await load;
  phase = 'end';
  say('load stopped; waiting for every accepted run to end (180 s at most)');
  const deadline = Date.now() + 180_000;
  while (pending.size && Date.now() < deadline) {
    const ids = [...pending].map((p) => p.id);
    const done = await q<{ id: string }>(
      `select id from executions where id = any($1::uuid[]) and status in ('succeeded','failed','timed_out','cancelled')
      union all select id from workflow_runs where id = any($1::uuid[]) and status in ('succeeded','failed','cancelled')`,
      [ids],
    );
    for (const d of done ?? []) for (const p of pending) if (p.id === d.id) pending.delete(p);
    await sleep(1000);
  }

  // ---- results
  type Row = {
    id: string;
    status: string;
    finished_at: Date | null;
    starts: number;
    ends: number;
    lines: number;
    lost_attempts: number;
  };
  const execRows = async (where: string, ids: string[]) =>
    (await q<Row>(
      `
    select e.id, e.status, e.finished_at,
      (select count(*) from execution_logs l where l.execution_id = e.id and l.stream = 'stdout' and l.text like 'start %')::int as starts,
      (select coalesce(sum((length(l.text) - length(replace(l.text, E'end\\n', ''))) / 4), 0) from execution_logs l where l.execution_id = e.id and l.stream = 'stdout')::int as ends,
      (select coalesce(sum(array_length(regexp_split_to_array(trim(trailing E'\\n' from l.text), E'\\n'), 1)), 0) from execution_logs l where l.execution_id = e.id and l.stream = 'stdout')::int as lines,
      (select count(*) from execution_attempts a where a.execution_id = e.id and a.cause = 'worker_lost')::int as lost_attempts
    from executions e where ${where}`,
      [ids],
    )) ?? [];
  const header = [
    'fault',
    'accepted',
    'refused',
    'finished',
    'lost',
    'duplicated',
    'stuck',
    'wrongly-failed',
    'lost-worker',
    'fault lasted',
    'recover(new run)',
    'recover(in-flight)',
  ];
  const table: string[][] = [];
  for (const name of ['warmup', ...FAULTS]) {
    const mine = tracked.filter((x) => x.phase === name);
    const runIds = mine.filter((x) => x.kind === 'run').map((x) => x.id);
    const wfIds = mine.filter((x) => x.kind === 'workflow').map((x) => x.id);
    const runs = await execRows('e.id = any($1::uuid[])', runIds);
    const nodes = await execRows('e.workflow_run_id = any($1::uuid[])', wfIds);
    const wfs =
      (await q<{ id: string; status: string }>('select id, status from workflow_runs where id = any($1::uuid[])', [
        wfIds,
      ])) ?? [];
    const all = [...runs, ...nodes];
    const complete = (r: Row) => r.status === 'succeeded' && r.ends >= 1 && r.lines >= LINES + 2;
    const finished = runs.filter(complete).length + wfs.filter((w) => w.status === 'succeeded').length;
    const lost =
      runIds.length -
      runs.length +
      (wfIds.length - wfs.length) +
      all.filter((r) => r.status === 'succeeded' && !complete(r)).length;
    const dup = all.filter((r) => r.ends > 1).length;
    const stuck =
      all.filter((r) => r.status === 'queued' || r.status === 'running').length +
      wfs.filter((w) => w.status === 'running' || w.status === 'queued').length;
    const failed =
      all.filter((r) => ['failed', 'timed_out', 'cancelled'].includes(r.status)).length +
      wfs.filter((w) => w.status === 'failed' || w.status === 'cancelled').length;
    const lostWorker = all.reduce((n, r) => n + r.lost_attempts, 0);
    const rec = recovery.get(name);
    const lostWorkerInFlight = rec
      ? (await execRows('e.id = any($1::uuid[]) or e.workflow_run_id = any($1::uuid[])', rec.inflight)).reduce(
          (n, r) => n + r.lost_attempts,
          0,
        )
      : 0;
    let settled = '-';
    if (rec) {
      const inflightRuns = await execRows(
        'e.id = any($1::uuid[]) or e.workflow_run_id = any($1::uuid[])',
        rec.inflight,
      );
      const last = Math.max(...inflightRuns.map((r) => r.finished_at?.getTime() ?? Infinity));
      settled = Number.isFinite(last) ? `${(Math.max(0, last - rec.at - rec.faultMs) / 1000).toFixed(1)} s` : 'never';
      const slowest = inflightRuns.find((r) => (r.finished_at?.getTime() ?? Infinity) === last);
      if (slowest && process.env.CHAOS_VERBOSE) {
        const detail = await q(
          'select e.id, e.workflow_run_id, e.queued_at, e.started_at, e.finished_at, e.attempt, e.error, (select json_agg(a order by a.attempt) from execution_attempts a where a.execution_id = e.id) as attempts from executions e where e.id = $1',
          [slowest.id],
        );
        console.log(`${name}: slowest in-flight run`, JSON.stringify(detail));
      }
    }
    table.push([
      name,
      String(mine.length),
      String(refused.get(name) ?? 0),
      String(finished),
      String(lost),
      String(dup),
      String(stuck),
      String(failed),
      `${lostWorker}/${lostWorkerInFlight}`,
      rec ? `${(rec.faultMs / 1000).toFixed(1)} s` : '-',
      rec ? `${(Math.max(0, rec.probeMs - rec.faultMs) / 1000).toFixed(1)} s` : '-',
      settled,
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i]!)).join('  ');
  console.log(
    `\nnpm run chaos on ${os.availableParallelism()} cores: ${N_RUNS} runs + ${N_WORKFLOWS} workflows (3-node fan-out) in flight, ${process.env.CHAOS_WORKERS ?? 2} workers, outages ${OUTAGE_S} s, CPU ${CPU_S} s`,
  );
  console.log(line(header));
  for (const r of table) console.log(line(r));
  console.log(
    '(accepted counts workflow runs once each; lost/duplicated/stuck/wrongly-failed count executions, workflow nodes included)\n',
  );

  process.kill(-fleet.pid!, 'SIGINT');
  await new Promise((r) => fleet.once('exit', r));
  await pool.end();
  const { closeDb } = await import('@/db/client');
  const { closeRedis } = await import('@/server/queue/connection');
  await closeDb().catch(() => undefined);
  await closeRedis().catch(() => undefined);
  await redisServer.stop();
  await pgServer.stop();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
