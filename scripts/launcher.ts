import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { ensureServices, type Services } from '@/server/infra/services';
import { parseEnv } from '@/server/env';
import { logger } from '@/server/log/logger';
import { buildIsCurrent, sourceFingerprint, writeBuildStamp } from './build-stamp';
import { formatPreflight, preflight, type PreflightReport } from './preflight';

/** The host lacks a program the service cannot start without (the message has one line per piece). */
export class PreflightError extends Error {}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const exitWithParent = path.join(root, 'scripts', 'exit-with-parent.mjs');
/** Stamps each request with its TCP peer address (server/session/client-address.ts). */
const peerAddress = path.join(root, 'scripts', 'peer-address.mjs');
/** Gives BASE_PATH back to requests from a proxy that strips it (scripts/prefix-restore.mjs). */
const prefixRestore = path.join(root, 'scripts', 'prefix-restore.mjs');

export interface LaunchOptions {
  env: Record<string, string | undefined>;
  dev?: boolean;
  workers?: number;
  /** Where the web build lives; tests use their own so a BASE_PATH build doesn't replace the main one. */
  distDir?: string;
  stdio?: 'inherit' | 'ignore';
  /** The worker as compiled JavaScript (scripts/bundle.mjs); without it, worker/main.ts through tsx. */
  workerEntry?: string;
  /**
   * Serve the web app from this process (what `next start` runs, in-process) instead of a child:
   * one Node process less at idle (issue #20). `npm start` does; tests keep the child.
   */
  webInProcess?: boolean;
  /**
   * The bundled REST transport (scripts/bundle.mjs) the production web process preloads; built
   * into the web app's dist directory when not given (benchmarks and end-to-end tests).
   */
  restTransportEntry?: string;
}

export interface Launched {
  url: string;
  services: Services;
  stop(): Promise<void>;
  children: ChildProcess[];
  /** What the host lacks (runs wait for noRuns to be fixed). */
  preflight: PreflightReport;
}

function persistentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, stdio: 'inherit' | 'ignore'): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio });
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(args[0] ?? cmd)} ${args[1] ?? ''} exited with ${code}`)),
    );
  });
}

export async function ensureBuild(
  env: NodeJS.ProcessEnv,
  distDir: string,
  stdio: 'inherit' | 'ignore' = 'inherit',
): Promise<void> {
  const fingerprint = sourceFingerprint(root, env.BASE_PATH ?? '');
  const absDist = path.join(root, distDir);
  if (buildIsCurrent(absDist, fingerprint)) return;
  logger().info({ distDir, basePath: env.BASE_PATH ?? '' }, 'building the web app (next build), about 1-2 minutes');
  await run(process.execPath, [nextBin, 'build'], { ...env, NEXT_DIST_DIR: distDir, NODE_ENV: 'production' }, stdio);
  writeBuildStamp(absDist, fingerprint);
}

function waitForHttp(url: string, child: ChildProcess | null, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = async () => {
      if (child && child.exitCode !== null)
        return reject(new Error(`web process exited (${child.exitCode}) before it was ready`));
      try {
        const res = await fetch(url);
        if (res.ok) return resolve();
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) return reject(new Error(`web not ready at ${url} after ${timeoutMs} ms`));
      setTimeout(tick, 250);
    };
    void tick();
  });
}

/**
 * Runs the production web app in this process, as `next start` would (its own start-server), with
 * the preloads the child gets through NODE_OPTIONS. The launcher keeps the signals: Ctrl-C stops
 * the workers first, then Redis and PostgreSQL, then exits (NEXT_MANUAL_SIG_HANDLE).
 */
async function serveWebHere(
  webEnv: NodeJS.ProcessEnv,
  hostname: string,
  port: number,
  basePath: string,
  restTransport: string,
): Promise<null> {
  // The web code reads its configuration from process.env (its own env() and logger instances).
  Object.assign(process.env, webEnv, {
    VSS_PROCESS: 'web',
    NEXT_MANUAL_SIG_HANDLE: '1',
    NEXT_PRIVATE_START_TIME: String(Date.now()),
  });
  await import(pathToFileURL(peerAddress).href);
  if (basePath) await import(pathToFileURL(prefixRestore).href);
  await import(pathToFileURL(restTransport).href);
  const require = createRequire(path.join(root, 'package.json'));
  const { startServer } = require('next/dist/server/lib/start-server.js') as {
    startServer(o: { dir: string; isDev: boolean; hostname: string; port: number }): Promise<void>;
  };
  await startServer({ dir: root, isDev: false, hostname, port });
  return null;
}

/** Starts the whole service: embedded PostgreSQL/Redis when no URLs are given, the web app and workers. */
export async function launch(opts: LaunchOptions): Promise<Launched> {
  const parsed = parseEnv(opts.env); // fails with one line naming the bad variable
  const log = logger();
  const dataDir = path.resolve(root, parsed.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const distDir = opts.distDir ?? '.next';
  const stdio = opts.stdio ?? 'inherit';
  // Before the build: a missing program is named in seconds, not after two minutes of next build.
  const checked = preflight(parsed);
  const report = formatPreflight(checked);
  if (checked.fatal.length > 0) throw new PreflightError(report.join('\n'));
  if (report.length > 0) {
    log.warn({ missing: checked.noRuns, optional: checked.optional }, 'host preflight');
    if (stdio === 'inherit') console.error(report.join('\n'));
  }

  const childEnv: NodeJS.ProcessEnv = {
    ...opts.env,
    AUTH_SECRET: parsed.AUTH_SECRET ?? persistentSecret(dataDir),
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_ENV: opts.dev ? 'development' : 'production',
  };
  if (!opts.dev) await ensureBuild(childEnv, distDir, stdio);
  const restTransport = opts.dev
    ? null
    : (opts.restTransportEntry ??
      (await (await import('./bundle.mjs')).bundleRestTransport(path.resolve(root, distDir, 'vss-rest'))));

  const services = await ensureServices({ dataDir, databaseUrl: parsed.DATABASE_URL, redisUrl: parsed.REDIS_URL });
  childEnv.DATABASE_URL = services.databaseUrl;
  childEnv.REDIS_URL = services.redisUrl;
  const localUrl = `http://127.0.0.1:${parsed.PORT}${parsed.BASE_PATH}`;
  childEnv.NEXTAUTH_URL ??= `${parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT}${parsed.BASE_PATH}`}/api/auth`;
  childEnv.NEXTAUTH_URL_INTERNAL ??= `${localUrl}/api/auth`;

  const children: ChildProcess[] = [];
  let stopping = false;
  const spawnChild = (name: string, args: string[], extraEnv: Record<string, string> = {}) => {
    const child = spawn(process.execPath, ['--import', exitWithParent, ...args], {
      cwd: root,
      env: { ...childEnv, ...extraEnv, VSS_PROCESS: name },
      stdio: ['ignore', stdio, stdio],
    });
    children.push(child);
    child.on('exit', (code, signal) => {
      if (stopping) return;
      log.error({ name, code, signal }, 'child process exited unexpectedly');
      if (name.startsWith('worker')) {
        // A crashed worker is restarted; its jobs were handed back by BullMQ's stalled-job check.
        setTimeout(() => !stopping && spawnChild(name, args, extraEnv), 1000);
      }
    });
    return child;
  };

  const webEnv = {
    NEXT_DIST_DIR: distDir,
    NODE_OPTIONS: [
      childEnv.NODE_OPTIONS,
      `--import=${JSON.stringify(peerAddress)}`,
      parsed.BASE_PATH && `--import=${JSON.stringify(prefixRestore)}`,
      restTransport && `--import=${JSON.stringify(restTransport)}`,
    ]
      .filter(Boolean)
      .join(' '),
  };
  const inProcess = Boolean(opts.webInProcess && !opts.dev);
  const web = inProcess
    ? await serveWebHere(
        { ...childEnv, NEXT_DIST_DIR: distDir },
        parsed.HOST,
        parsed.PORT,
        parsed.BASE_PATH,
        restTransport!,
      )
    : spawnChild(
        'web',
        opts.dev
          ? [nextBin, 'dev', '-p', String(parsed.PORT), '-H', parsed.HOST]
          : [nextBin, 'start', '-p', String(parsed.PORT), '-H', parsed.HOST],
        // NODE_OPTIONS, not an argument: `next dev` serves from a child process, which inherits it.
        webEnv,
      );
  const workerCount = opts.workers ?? 1;
  for (let i = 0; i < workerCount; i++) {
    spawnChild(
      `worker-${i + 1}`,
      opts.workerEntry ? [opts.workerEntry] : ['--import', 'tsx', path.join(root, 'worker', 'main.ts')],
    );
  }

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            const kill = setTimeout(() => c.kill('SIGKILL'), parsed.WORKER_SHUTDOWN_GRACE_MS + 10_000);
            c.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            c.kill('SIGTERM');
          }),
      ),
    );
    await services.stop();
  };

  try {
    await waitForHttp(`${localUrl}/health`, web, opts.dev ? 180_000 : 120_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: localUrl, services, stop, children, preflight: checked };
}
