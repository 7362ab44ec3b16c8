/**
 * The worker side of `npm start` for the chaos harness (bench/chaos.ts): N workers in this process's
 * group, a crashed worker restarted after a second, and on SIGINT/SIGTERM every worker stopped the
 * orderly way (they hand their runs back) before it exits. The harness sends SIGINT to the whole
 * group, as a terminal's Ctrl-C does. (The web process is left out: its build would cost minutes.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const count = Number(process.env.CHAOS_WORKERS ?? 2);
const children = new Set<ChildProcess>();
let stopping = false;

function start(i: number): void {
  const child = spawn(
    process.execPath,
    [
      '--import',
      path.join(root, 'scripts', 'exit-with-parent.mjs'),
      '--import',
      'tsx',
      path.join(root, 'worker', 'main.ts'),
    ],
    {
      cwd: root,
      env: { ...process.env, VSS_PROCESS: `worker-${i}` },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  children.add(child);
  console.log(JSON.stringify({ worker: i, pid: child.pid }));
  child.on('exit', () => {
    children.delete(child);
    if (!stopping) setTimeout(() => !stopping && start(i), 1000);
  });
}

for (let i = 1; i <= count; i++) start(i);

const stop = () => {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  const check = setInterval(() => {
    if (children.size === 0) {
      clearInterval(check);
      process.exit(0);
    }
  }, 100);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
