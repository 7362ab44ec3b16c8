import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './free-port';
import { stopStaleFromPidFile } from './stale-process';
import { logger } from '@/server/log/logger';

export interface RunningRedis {
  url: string;
  stop(): Promise<void>;
}

export class MissingRedisError extends Error {}

function findRedisServer(): string {
  try {
    return execFileSync('bash', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new MissingRedisError(
      'redis-server not found on PATH: install it (apt-get install -y redis-server) or set REDIS_URL to an existing Redis',
    );
  }
}

export async function startEmbeddedRedis(baseDir: string, opts: { port?: number } = {}): Promise<RunningRedis> {
  const log = logger().child({ component: 'embedded-redis' });
  const bin = findRedisServer();
  const dir = path.resolve(baseDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const pidFile = path.join(dir, 'redis.pid');
  await stopStaleFromPidFile(pidFile, 'SIGTERM');
  const port = opts.port ?? (await freePort());
  const child = spawn(
    bin,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--pidfile',
      pidFile,
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
      '--logfile',
      '',
    ],
    // Own process group: a terminal Ctrl-C must not stop Redis before the workers hand back jobs.
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes('Ready to accept connections')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before ready: ${out.slice(-500)}`)));
  });
  child.stdout.removeAllListeners('data').resume();
  child.stderr.removeAllListeners('data').resume();
  log.info({ port, dir }, 'private redis-server ready');
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
