/**
 * May a python installation run as root? The python zygote (python-zygote.py) runs as root and
 * imports from the operator's interpreter: only safe when no user but root can change any of it.
 * Checked before the interpreter is ever started as root (its own start-up already imports from
 * its standard library): the installation prefix (and a virtual environment's base) must be
 * reachable through root-owned directories nobody else can write, and nothing under it — followed
 * through symlinks — may belong to another user or be writable by group or others.
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';

const S_ISVTX = 0o1000;

function unsafe(st: Stats): boolean {
  const sharedDir = st.isDirectory() && (st.mode & S_ISVTX) !== 0;
  return st.uid !== 0 || ((st.mode & 0o022) !== 0 && !sharedDir);
}

/** The first place on the way to p, as named and as resolved, that a user other than root could change. */
function writableByOthers(p: string): string | null {
  const named = path.resolve(p);
  for (let q = named; ; q = path.dirname(q)) {
    const st = lstatSync(q);
    if (st.isSymbolicLink() ? st.uid !== 0 : unsafe(st)) return q;
    if (q === '/') break;
  }
  for (let q = realpathSync(named); ; q = path.dirname(q)) {
    if (unsafe(statSync(q))) return q;
    if (q === '/') break;
  }
  return null;
}

/** <prefix> of <prefix>/bin/python3, as named and resolved, and a virtual environment's base. */
function installationPrefixes(interpreter: string): string[] {
  const prefixes = new Set<string>();
  for (const exe of [path.resolve(interpreter), realpathSync(interpreter)]) {
    const prefix = path.dirname(path.dirname(exe));
    prefixes.add(prefix);
    for (const dir of [path.dirname(exe), prefix]) {
      const cfg = path.join(dir, 'pyvenv.cfg');
      if (!existsSync(cfg)) continue;
      const home = /^\s*home\s*=\s*(.+?)\s*$/m.exec(readFileSync(cfg, 'utf8'))?.[1];
      if (home) prefixes.add(path.dirname(path.resolve(home)));
    }
  }
  return [...prefixes];
}

/** find(1), following symlinks, for the first entry under dir another user owns or may write. */
function firstUnsafeEntry(dir: string): Promise<string | null> {
  return new Promise((resolve) => {
    const find = spawn(
      'find',
      ['-L', dir, '-xdev', '(', '!', '-uid', '0', '-o', '-perm', '/022', '!', '-perm', '-1000', ')', '-print', '-quit'],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
        env: { PATH: '/usr/bin:/bin' } as unknown as NodeJS.ProcessEnv,
      },
    );
    let out = '';
    find.stdout.on('data', (d: Buffer) => (out += d.toString()));
    find.on('error', () => resolve(`${dir} could not be checked (find failed)`));
    find.on('close', () => resolve(out.trim() || null));
  });
}

/** Null when the installation is root's alone; otherwise why it is not. */
export async function untrustedInstallation(interpreter: string): Promise<string | null> {
  try {
    for (const prefix of installationPrefixes(interpreter)) {
      const bad = writableByOthers(prefix) ?? (await firstUnsafeEntry(prefix));
      if (bad) return `${bad} can be changed by a user other than root`;
    }
    return null;
  } catch (err) {
    return `the installation of ${interpreter} could not be checked: ${(err as Error).message}`;
  }
}
