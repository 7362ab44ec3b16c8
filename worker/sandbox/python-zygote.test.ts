// The warm python interpreter that python runs are forked from: real interpreters, real processes.
// What a forked run sees and cannot do is tested with every other sandbox mode in run-sandboxed.test.ts.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveInterpreters } from '@/server/runtime/interpreters';
import { isPrivilegedHost } from './host-tools';
import { readyZygote, stopPythonZygotes, zygoteReady } from './python-zygote';

const python = resolveInterpreters().python;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'vss-zygote-test-'));
afterAll(() => {
  stopPythonZygotes();
  rmSync(scratch, { recursive: true, force: true });
});

/** A virtual environment (no pip: fast) in a directory with the given mode. */
function venvIn(mode: number): string {
  const parent = path.join(scratch, `m${mode.toString(8)}`);
  mkdirSync(parent);
  chmodSync(parent, mode);
  execFileSync(python, ['-m', 'venv', '--without-pip', path.join(parent, 'venv')]);
  return path.join(parent, 'venv', 'bin', 'python3');
}

/** Host processes running this process's zygote of the interpreter (other test files run their own). */
function zygotePids(interpreter: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return (
          argv[0] === interpreter &&
          argv.some((a) => a.endsWith('python-zygote.py')) &&
          argv.at(-3) === String(process.pid)
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe.skipIf(!isPrivilegedHost())('python zygote', () => {
  it('starts for an interpreter only root can change, and stops', async () => {
    expect(await zygoteReady(python)).toBe(true);
    expect(readyZygote(python)).not.toBeNull();
    expect(zygotePids(python)).toHaveLength(1);
    stopPythonZygotes();
    for (let i = 0; i < 50 && zygotePids(python).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(zygotePids(python)).toEqual([]);
  });

  it('refuses to run as root an interpreter whose packages another user could change', async () => {
    const safe = venvIn(0o755);
    expect(await zygoteReady(safe)).toBe(true);
    // Anyone may add a .pth file to this one's site-packages: its site would run their code as root.
    const shared = venvIn(0o777);
    expect(await zygoteReady(shared)).toBe(false);
    expect(readyZygote(shared)).toBeNull(); // and is not tried again
    expect(zygotePids(shared)).toEqual([]);
  });
});
