/**
 * The worker process: consumes BullMQ queues, runs scripts in the sandbox, never serves the UI
 * (only a health probe on WORKER_HEALTH_PORT). Several can run against one Redis and PostgreSQL.
 */
process.env.VSS_PROCESS ??= 'worker';
import { env, EnvError } from '@/server/env';
import { logger } from '@/server/log/logger';
import { installProcessGuards } from '@/server/infra/process-guards';
import { startWorkerRuntime } from './runtime';

async function main() {
  try {
    env();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const stopper: { stop?: (why: string) => Promise<void> } = {};
  installProcessGuards(() => void (stopper.stop ? stopper.stop('uncaught exception') : process.exit(1)));
  const runtime = await startWorkerRuntime();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger().info({ signal }, 'worker stopping: no new jobs; running jobs finish or are handed back');
    // Bounded: if Redis or PostgreSQL are already gone, close() could wait forever; BullMQ's stalled
    // check hands back whatever was still running.
    const grace = env().WORKER_SHUTDOWN_GRACE_MS;
    const forced = setTimeout(() => process.exit(0), grace + 5_000);
    forced.unref();
    await runtime.stop(grace).catch((err) => logger().error({ err }, 'worker stop failed'));
    process.exit(0);
  };
  stopper.stop = stop;
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  logger().fatal({ err }, 'worker failed to start');
  process.exit(1);
});
