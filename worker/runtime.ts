import { Worker } from 'bullmq';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { bootstrap } from '@/server/bootstrap';
import { env } from '@/server/env';
import { logger } from '@/server/log/logger';
import { closeDb } from '@/db/client';
import { closeRedis, createRedis, redis } from '@/server/queue/connection';
import { CHANNEL } from '@/server/queue/channels';
import { closeExecutionQueue, executionQueue } from '@/server/queue/execution-queue';
import { QUEUE, systemJobSchema, WORKER_HEARTBEAT_MS } from '@/server/queue/queues';
import {
  NO_SANDBOX,
  publishWorkerHeartbeat,
  removeWorker,
  type SandboxEnforcement,
  type WorkerInfo,
} from '@/server/queue/workers-registry';
import { tryResolveInterpreters, type Interpreters } from '@/server/runtime/interpreters';
import { createExecutionProcessor, SHUTDOWN_REASON } from './executions/execution-processor';
import { reconcileOnce } from './executions/reconciler';
import { SandboxLauncher } from './executions/sandbox-launcher';
import { UidPool } from './executions/uid-pool';
import { serveMetrics } from '@/server/stats/metrics';
import { flushRollups } from '@/server/stats/rollup-soon';
import { startStatsMaintenance } from '@/server/stats/stats-maintenance';
import { hostShortage } from './executions/host-floor';
import { cgroupSupport, emptyGroupReserve } from './sandbox/cgroups';
import { stopPythonZygotes, usePythonZygote } from './sandbox/python-zygote';
import { sandboxPreflight } from './sandbox/run-sandboxed';
import { buildSeccompFilter } from './sandbox/seccomp';
import { startScheduleConsumer } from './schedules/schedule-consumer';
import { startWorkflowConsumer } from './workflows/workflow-consumer';
import { startAlertConsumer } from './alerts/alert-consumer';

export interface WorkerRuntime {
  id: string;
  stop(graceMs?: number): Promise<void>;
}

export async function startWorkerRuntime(opts: { concurrency?: number } = {}): Promise<WorkerRuntime> {
  const e = env();
  const log = logger();
  await bootstrap('worker');
  // Filled in once python3 and bash resolve; until then the worker refuses runs (checkFloors below).
  const interpreters: Interpreters = { python: '', bash: '' };
  const resolveMissingInterpreters = (): string | null => {
    if (interpreters.python) return null;
    const found = tryResolveInterpreters({ python: e.PYTHON_PATH, bash: e.BASH_PATH });
    if (!found.interpreters) return found.problems.join('; ');
    Object.assign(interpreters, found.interpreters);
    return null;
  };
  const concurrency = opts.concurrency ?? e.MAX_CONCURRENT_SCRIPTS;
  const id = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const startedAt = new Date().toISOString();
  const prefix = e.QUEUE_PREFIX;
  const running = new Map<string, AbortController>();

  if (e.GLOBAL_MAX_CONCURRENT_SCRIPTS > 0) await executionQueue().setGlobalConcurrency(e.GLOBAL_MAX_CONCURRENT_SCRIPTS);

  // Without a working sandbox or interpreters, or below the host's floors, the worker takes no
  // runs until that changes (checked every 2 s; missing tools are looked for again every 10 s, so
  // installing the package is enough). Checked once before the queue consumer exists: a job it
  // fetched at once would otherwise meet interpreters not resolved yet.
  const floors = {
    minFreeMemoryBytes: e.SANDBOX_MIN_FREE_MEMORY_MB * 1024 * 1024,
    minFreeDiskBytes: e.SANDBOX_MIN_FREE_DISK_MB * 1024 * 1024,
    storageDir: path.resolve(e.SCRIPT_STORAGE_PATH),
  };
  const shortNow = (): string | null => {
    const noSandbox = sandboxPreflight() ?? resolveMissingInterpreters();
    return noSandbox ? `${NO_SANDBOX}${noSandbox}` : hostShortage(floors);
  };
  /** Why this worker takes no runs now (the host is below a floor), or null. */
  let refusing: string | null = shortNow();
  if (refusing) log.warn({ reason: refusing }, 'worker stops taking runs');

  usePythonZygote(e.SANDBOX_PYTHON_ZYGOTE);
  // Spares hold a uid each while they wait: the pool has room for both.
  const launcher = new SandboxLauncher({
    storageDir: path.resolve(e.SCRIPT_STORAGE_PATH),
    uids: new UidPool(concurrency + e.SANDBOX_PREPARED),
    capacity: e.SANDBOX_PREPARED,
    idleMs: e.SANDBOX_PREPARED_IDLE_SECONDS * 1000,
    workDirBytes: e.SANDBOX_DISK_MB * 1024 * 1024,
  });
  const executionsWorker = new Worker(
    QUEUE.executions,
    createExecutionProcessor({ workerId: id, interpreters, launcher, running, refusing: () => refusing }),
    {
      connection: createRedis(),
      prefix,
      concurrency,
      // A worker that dies loses its lock after this long; the job is then handed to another worker.
      lockDuration: e.WORKER_LOCK_MS,
      stalledInterval: e.WORKER_STALLED_INTERVAL_MS,
      maxStalledCount: 5,
    },
  );
  executionsWorker.on('error', (err) => log.error({ err }, 'executions queue error'));
  executionsWorker.on('failed', (job, err) =>
    log.info({ executionId: job?.id, reason: err.message }, 'execution job ended without success'),
  );

  const system = new Worker(
    QUEUE.system,
    async (job) => {
      const payload = systemJobSchema.parse(job.data);
      return { kind: payload.kind, workerId: id, latencyMs: Date.now() - payload.sentAt };
    },
    { connection: createRedis(), prefix, concurrency: 4 },
  );
  system.on('error', (err) => log.error({ err }, 'system queue error'));
  const schedules = await startScheduleConsumer();
  const workflows = startWorkflowConsumer({ workerId: id });
  const alerts = await startAlertConsumer();

  // Cancel requests reach every worker; the one running the execution kills it.
  const cancelSub = createRedis();
  await cancelSub.subscribe(CHANNEL.cancel);
  cancelSub.on('message', (_channel, executionId: string) => running.get(executionId)?.abort('cancel'));

  const checkFloors = () => {
    const short = shortNow();
    if (short && !refusing) {
      log.warn({ reason: short }, 'worker stops taking runs');
      executionsWorker.pause(true);
    } else if (!short && refusing) {
      log.info('worker takes runs again');
      executionsWorker.resume();
    }
    refusing = short;
  };
  if (refusing) executionsWorker.pause(true);
  const floorCheck = setInterval(checkFloors, 2_000);
  floorCheck.unref();

  const groups = cgroupSupport();
  const limits: SandboxEnforcement = {
    cgroup: groups.version,
    memory: groups.memory,
    pids: groups.pids,
    cpu: groups.cpu,
    seccomp: buildSeccompFilter() !== null,
    diskQuota: launcher.diskQuota,
    ...(groups.reason ? { note: groups.reason } : {}),
  };
  const info = (): WorkerInfo => ({
    id,
    host: os.hostname(),
    pid: process.pid,
    concurrency,
    running: running.size,
    startedAt,
    heartbeatAt: new Date().toISOString(),
    python: interpreters.python,
    bash: interpreters.bash,
    sandbox: 'bubblewrap',
    limits: { ...limits, diskQuota: launcher.diskQuota },
    refusing,
    executions: [...running.keys()],
  });
  const beat = () => publishWorkerHeartbeat(info()).catch((err) => log.warn({ err }, 'heartbeat failed'));
  await beat();
  const heartbeat = setInterval(beat, WORKER_HEARTBEAT_MS);
  // After a Redis outage, show we are alive at once: our runs must not look lost.
  redis().on('ready', () => void beat());
  const reconcile = () => reconcileOnce(id).catch((err) => log.warn({ err }, 'reconcile failed'));
  void reconcile();
  const reconciler = setInterval(reconcile, 15_000);
  const statsMaintenance = startStatsMaintenance(id); // missed rollups, RETENTION_DAYS

  const health = http.createServer((req, res) => {
    if (req.url === '/metrics') return serveMetrics(res);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ status: 'healthy', worker: id, running: running.size }));
  });
  if (e.WORKER_HEALTH_PORT) health.listen(e.WORKER_HEALTH_PORT, '127.0.0.1');

  if (refusing) log.warn({ id, concurrency, refusing }, 'worker started but takes no runs until this is fixed');
  else log.info({ id, interpreters, concurrency }, 'worker ready');

  return {
    id,
    async stop(graceMs = 20_000) {
      clearInterval(heartbeat);
      clearInterval(reconciler);
      clearInterval(floorCheck);
      await statsMaintenance.stop();
      health.close();
      // Stop taking jobs; give running ones the grace period, then hand them back to the queue.
      const closing = executionsWorker.close();
      const timer = setTimeout(() => {
        for (const c of running.values()) c.abort(SHUTDOWN_REASON);
      }, graceMs);
      await closing;
      clearTimeout(timer);
      launcher.close();
      emptyGroupReserve();
      stopPythonZygotes();
      await flushRollups();
      await system.close();
      await schedules.close();
      await workflows.close();
      await alerts.close();
      cancelSub.disconnect();
      await removeWorker(id).catch(() => undefined);
      await closeExecutionQueue();
      await closeRedis();
      await closeDb();
    },
  };
}
