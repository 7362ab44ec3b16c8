/**
 * Host resources granted to a run (issue #25): bwrap arguments that bind each one at the same path
 * inside the sandbox, and nothing else. The grant itself (who may attach which resource to which
 * script) is decided in server/host-resources; this file only re-checks, on the host that runs the
 * sandbox, that each path is what the grant says, right before bwrap sees it.
 */
import { lstatSync, realpathSync, type Stats } from 'node:fs';
import path from 'node:path';

export type HostBindKind = 'directory' | 'file' | 'socket' | 'device';

export interface HostBind {
  /** Absolute, normalized host path; bound at the same path inside the sandbox. */
  path: string;
  kind: HostBindKind;
  writable: boolean;
}

/** Thrown when a bind does not (or no longer) match the host; the message names the path. */
export class HostBindError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostBindError';
  }
}

function kindOf(st: Stats): HostBindKind | 'other' {
  if (st.isDirectory()) return 'directory';
  if (st.isFile()) return 'file';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
  return 'other';
}

/**
 * Checks one bind against the host: absolute and normalized, no NUL, exists, is not reached through
 * a symbolic link anywhere on its path (its real path is itself, so a link cannot point the bind
 * elsewhere), and is of the declared kind. Returns null when it is fine, else why not.
 */
export function checkHostBind(bind: HostBind): string | null {
  const p = bind.path;
  if (typeof p !== 'string' || p.includes('\0')) return 'host path contains a NUL byte';
  if (!path.isAbsolute(p)) return `host path is not absolute: ${p}`;
  if (p === '/' || path.posix.normalize(p) !== p || p.endsWith('/')) return `host path is not normalized: ${p}`;
  let real: string;
  let st: Stats;
  try {
    real = realpathSync(p);
    st = lstatSync(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR'
      ? `host path does not exist: ${p}`
      : `host path cannot be checked: ${p} (${code ?? (err as Error).message})`;
  }
  if (real !== p) return `host path goes through a symbolic link: ${p} is really ${real}`;
  const actual = kindOf(st);
  if (actual !== bind.kind) return `host path ${p} is a ${actual}, not a ${bind.kind}`;
  return null;
}

/**
 * bwrap arguments for the granted binds: `--bind`/`--ro-bind` for directories, files and sockets,
 * `--dev-bind` for devices (always read-write; device nodes are only usable on a mount without nodev), each at its own
 * path, after `--dir` for its parent directories (the sandbox's root is an empty tmpfs: bwrap would make
 * them 0700). Parents come before children, so a grant inside another
 * grant is mounted on top of it. Throws HostBindError when a bind does not match the host.
 */
export function hostBindArgs(binds: readonly HostBind[] | undefined): string[] {
  if (!binds?.length) return [];
  const seen = new Set<string>();
  const parents = new Set<string>();
  const args: string[] = [];
  for (const bind of [...binds].sort((a, b) => a.path.localeCompare(b.path))) {
    const problem = checkHostBind(bind);
    if (problem) throw new HostBindError(problem);
    if (seen.has(bind.path)) throw new HostBindError(`host path granted twice: ${bind.path}`);
    seen.add(bind.path);
    const chain: string[] = [];
    for (let dir = path.dirname(bind.path); dir !== '/'; dir = path.dirname(dir)) chain.unshift(dir);
    for (const dir of chain) {
      if (parents.has(dir) || seen.has(dir)) continue;
      parents.add(dir);
      // Made readable: bwrap would create them 0700 in the sandbox's empty root (unusable for its uid).
      args.push('--perms', '0755', '--dir', dir);
    }
    // A device node is usable only on a mount without nodev, which only --dev-bind gives (read-write);
    // what may be done with the device is then up to its own permissions.
    if (bind.kind === 'device' && !bind.writable)
      throw new HostBindError(`a device cannot be bound read-only: ${bind.path}`);
    const op = bind.kind === 'device' ? '--dev-bind' : bind.writable ? '--bind' : '--ro-bind';
    args.push(op, bind.path, bind.path);
  }
  return args;
}
