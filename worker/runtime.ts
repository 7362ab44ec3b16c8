import { Worker } from 'bullmq';
import http from 'node:http';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { bootstrap } from '@/server/bootstrap';
import { env } from '@/server/env';
import { logger } from '@/server/log/logger';
import { closeDb } from '@/db/client';
import { closeRedis, createRedis } from '@/server/queue/connection';
import { QUEUE, systemJobSchema, WORKER_HEARTBEAT_MS } from '@/server/queue/queues';
import { publishWorkerHeartbeat, removeWorker, type WorkerInfo } from '@/server/queue/workers-registry';
import { resolveInterpreters } from '@/server/runtime/interpreters';

export interface WorkerRuntime {
  id: string;
  stop(): Promise<void>;
}

export async function startWorkerRuntime(): Promise<WorkerRuntime> {
  const e = env();
  const log = logger();
  await bootstrap('worker');
  const interpreters = resolveInterpreters({ python: e.PYTHON_PATH, bash: e.BASH_PATH });
  const id = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const startedAt = new Date().toISOString();
  const connection = createRedis();

  const system = new Worker(
    QUEUE.system,
    async (job) => {
      const payload = systemJobSchema.parse(job.data);
      return { kind: payload.kind, workerId: id, latencyMs: Date.now() - payload.sentAt };
    },
    { connection, concurrency: 4 },
  );
  system.on('error', (err) => log.error({ err }, 'system queue error'));

  const info = (): WorkerInfo => ({
    id,
    host: os.hostname(),
    pid: process.pid,
    concurrency: e.MAX_CONCURRENT_SCRIPTS,
    running: 0,
    startedAt,
    heartbeatAt: new Date().toISOString(),
    python: interpreters.python,
    bash: interpreters.bash,
    sandbox: 'bubblewrap',
  });
  const beat = () => publishWorkerHeartbeat(info()).catch((err) => log.warn({ err }, 'heartbeat failed'));
  await beat();
  const heartbeat = setInterval(beat, WORKER_HEARTBEAT_MS);

  const health = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ status: 'healthy', worker: id }));
  });
  if (e.WORKER_HEALTH_PORT) health.listen(e.WORKER_HEALTH_PORT, '127.0.0.1');

  log.info({ id, interpreters, concurrency: e.MAX_CONCURRENT_SCRIPTS }, 'worker ready');

  return {
    id,
    async stop() {
      clearInterval(heartbeat);
      health.close();
      await system.close();
      await removeWorker(id).catch(() => undefined);
      await connection.quit().catch(() => connection.disconnect());
      await closeRedis();
      await closeDb();
    },
  };
}
