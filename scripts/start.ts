/**
 * `npm start`: embedded services when no URLs are given, migrations, the production web app on
 * PORT and one worker (WORKERS=n for more). Ctrl-C stops everything it started.
 */
process.env.VSS_PROCESS ??= 'launcher';
// The log file operators were told to tail; LOG_FILE= (empty) turns it off, children inherit it.
process.env.LOG_FILE ??= path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'logs',
  'script-orchestration.log',
);
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvError } from '@/server/env';
import { logger } from '@/server/log/logger';
import { MissingRedisError } from '@/server/infra/embedded-redis';
import { launch, PreflightError, type Launched } from './launcher';

async function main() {
  const started = Date.now();
  const dev = process.argv.includes('--dev');
  // Signals are ours from the first moment: a Ctrl-C while the services start (before the web app
  // answers) must still stop PostgreSQL and Redis, which run in their own process groups.
  const state: { launched?: Launched } = {};
  let requested: string | null = null;
  let stopping = false;
  const shutdown = async (signal: string) => {
    const { launched } = state;
    if (!launched) {
      requested ??= signal;
      logger().info({ signal }, 'stopping as soon as the services have started');
      return;
    }
    if (stopping) return;
    stopping = true;
    logger().info({ signal }, 'stopping web, workers and embedded services');
    await launched.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  const launched = (state.launched = await launch({
    env: process.env,
    dev,
    workers: Number(process.env.WORKERS ?? 1) || 1,
    distDir: process.env.NEXT_DIST_DIR,
    // Set by scripts/start.mjs: workers run compiled JavaScript too.
    workerEntry: process.env.VSS_WORKER_ENTRY,
    restTransportEntry: process.env.VSS_REST_TRANSPORT_ENTRY,
    webInProcess: !dev,
  }));
  if (requested) return shutdown(requested);
  const seconds = (Date.now() - started) / 1000;
  const missing = launched.preflight.noRuns;
  if (missing.length === 0) logger().info({ url: launched.url, seconds }, 'VSS Script Orchestration is ready');
  else
    logger().warn(
      { url: launched.url, seconds, missing },
      'VSS Script Orchestration is up, but scripts cannot run until the missing pieces are installed',
    );
}

main().catch((err) => {
  if (err instanceof EnvError || err instanceof MissingRedisError || err instanceof PreflightError) {
    console.error(err.message);
    process.exit(78);
  }
  logger().fatal({ err }, 'start failed');
  process.exit(1);
});
