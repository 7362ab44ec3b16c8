import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * A worker in a separate OS process (same database, Redis and queue prefix as the test), for tests
 * that kill it with SIGKILL. Set WORKER_LOCK_MS / WORKER_STALLED_INTERVAL_MS low in the test file
 * so its jobs are noticed as stalled within seconds.
 */
export function startWorkerProcess(concurrency = 2, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(process.cwd(), 'worker', 'main.ts')], {
    env: { ...process.env, MAX_CONCURRENT_SCRIPTS: String(concurrency), ...env },
    stdio: 'ignore',
  });
}
