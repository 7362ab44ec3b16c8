/**
 * The single place that builds the bubblewrap command line (runSandboxed and benchmarks use it).
 *
 * Layout inside the sandbox:
 *   /            host root, read-only (--ro-bind / /)
 *   /proc /dev   fresh procfs / minimal devtmpfs
 *   /tmp         fresh tmpfs (1777, size-capped); /dev/shm likewise
 *   /root /home  hidden (empty tmpfs), as are the app's install dir and process.cwd() (.env), the parent of
 *                storageDir and spec.hiddenPaths; an interpreter living under a hidden dir gets its
 *                installation prefix re-bound read-only
 *   /work        the run's workDir, read-write; cwd
 *
 * Process chain (root worker):
 *   bwrap (outer, host pid we spawn) → bwrap init (pid 1 of the new pid ns)
 *     → prlimit (sets rlimits) → [time -o /dev/vss-usage] → setpriv (uid 65534, no caps,
 *       no_new_privs) → [env LD_...=...] → interpreter /work/script.{py,sh}
 *
 * Why not --unshare-user / --uid 65534 as root: bwrap then maps the sandbox uid to the caller's
 * real uid 0, and the kernel exempts kuid 0 (INIT_USER) from RLIMIT_NPROC, so a fork bomb is not
 * contained. Instead bwrap runs privileged without a user namespace, keeps only CAP_SETUID/SETGID/
 * SETPCAP for the chain (--cap-drop ALL first: as root bwrap keeps every capability by default),
 * and setpriv switches to a real unprivileged host uid (nproc is enforced,
 * leftovers are visible with `pgrep -u 65534`). The first two exec'd programs (prlimit, time) run as
 * uid 0 without other capabilities on the read-only root; loader-sensitive user variables (LD_* etc.)
 * are withheld from them and applied by env(1) after the drop.
 * A non-root worker falls back to --unshare-all (user namespace); the script then runs as the
 * worker's uid (nproc is counted per user namespace there).
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildScriptEnv, INPUT_FILE_NAME, SANDBOX_WORK_DIR, sandboxPath, scriptFileName } from './conventions';
import { gateCommand } from './gate';
import { hostBindArgs } from './host-binds';
import { hostTools, isPrivilegedHost } from './host-tools';
import type { SandboxSpec } from './types';

export const DEFAULT_SANDBOX_UID = 65534;
/** Bind target of the GNU time report (a root-owned 0600 host file: the script cannot read or forge it). */
export const USAGE_FILE_IN_SANDBOX = '/dev/vss-usage';
export const USAGE_FORMAT_TAG = 'VSSUSAGE';
const USAGE_FORMAT = `${USAGE_FORMAT_TAG} %x %e %U %S %M`;
const HIDDEN_TMPFS_BYTES = 1024 * 1024;
/** The installation (source, node_modules, build, maybe .env): hidden whatever cwd the worker has. */
const APP_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export type SandboxArgvSpec = Pick<
  SandboxSpec,
  'language' | 'interpreter' | 'workDir' | 'input' | 'env' | 'allowNetwork' | 'limits'
> &
  Partial<Pick<SandboxSpec, 'storageDir' | 'hiddenPaths' | 'runAsUid' | 'tmpSizeBytes' | 'hostBinds'>>;

export interface SandboxArgvOptions {
  /** Host file (0600, owned by the worker) to receive GNU time's report; null/omitted = no time wrapper. */
  usageFile?: string | null;
  /** Defaults to isPrivilegedHost(). */
  privileged?: boolean;
  /**
   * Prepared sandbox (gate.ts): end the chain with the gate instead of the script, and start it with
   * only the default environment; the run's variables arrive on stdin.
   */
  gate?: boolean;
  /**
   * Holder sandbox (python-zygote.ts): namespaces and mounts only, with no capability at all and
   * `sleep infinity` as its command; the run's process is forked into it from outside.
   */
  holder?: boolean;
  /** Host files bound read-only over /work/script.* and /work/input.json (a prepared sandbox's, in memory). */
  runFiles?: RunFiles | null;
}

export interface RunFiles {
  script: string;
  input: string;
}

export interface SandboxCommand {
  file: string;
  args: string[];
  /** True when GNU time wraps the script (its pid is pid 2 of the sandbox pid namespace). */
  usageWrapper: boolean;
  privileged: boolean;
  /** Host uid the script runs as (privileged mode) or null (user-namespace mode). */
  scriptUid: number | null;
  /**
   * bwrap's own environment, which it passes on: the script's variables travel here and not as
   * --setenv arguments, because a command line is world-readable (ps, /proc/<pid>/cmdline) and
   * these values can be secrets. /proc/<pid>/environ is readable only by the same user.
   */
  env: Record<string, string>;
}

function isUnder(child: string, parent: string): boolean {
  if (parent === '/') return child !== '/';
  return child.startsWith(parent + '/');
}

function resolveDir(candidate: string): string | null {
  try {
    const resolved = realpathSync(path.resolve(candidate));
    return statSync(resolved).isDirectory() ? resolved : null;
  } catch {
    return null;
  }
}

/** Every sandbox hides the same few directories: resolving them (a syscall per path component) once in a while is enough. */
const REAL_DIR_TTL_MS = 10_000;
const realDirs = new Map<string, { at: number; dir: string | null }>();

function realDir(candidate: string): string | null {
  const now = Date.now();
  const hit = realDirs.get(candidate);
  if (hit && now - hit.at < REAL_DIR_TTL_MS) return hit.dir;
  if (realDirs.size > 100) realDirs.clear();
  const dir = resolveDir(candidate);
  realDirs.set(candidate, { at: now, dir });
  return dir;
}

/** Directories to cover with an empty tmpfs: nested and unusable entries removed. */
export function hiddenDirs(spec: Pick<SandboxArgvSpec, 'storageDir' | 'hiddenPaths'>, essentials: string[]): string[] {
  const candidates = ['/root', '/home', APP_ROOT, process.cwd(), ...(spec.hiddenPaths ?? [])];
  if (spec.storageDir) {
    const storage = path.resolve(spec.storageDir);
    const parent = path.dirname(storage);
    candidates.push(parent === '/' ? storage : parent);
  }
  const reserved = ['/', '/proc', '/dev', '/tmp', SANDBOX_WORK_DIR];
  const dirs = candidates
    .map(realDir)
    .filter((d): d is string => d !== null)
    // Already fresh inside the sandbox (or mounted over by /work).
    .filter((d) => !reserved.includes(d) && !['/proc', '/dev', '/tmp'].some((r) => isUnder(d, r)))
    // Never hide the programs the sandbox itself needs (e.g. a worker started from /usr/bin).
    .filter((d) => !essentials.some((e) => e === d || isUnder(e, d)))
    .sort((a, b) => a.length - b.length);
  const result: string[] = [];
  for (const d of dirs) if (!result.some((r) => r === d || isUnder(d, r))) result.push(d);
  return result;
}

/**
 * bwrap args that keep the interpreter usable when it lives under a hidden directory: ro-bind its
 * installation prefix back (<prefix>/bin/python3 → <prefix>: stdlib, site-packages, libpython).
 * bwrap would create the missing parents inside the tmpfs with mode 0700 (unreadable for the sandbox
 * uid; python then silently falls back to another prefix), so they are created 0755 explicitly.
 */
export function interpreterRebindArgs(interpreter: string, hidden: string[]): string[] {
  const args: string[] = [];
  for (const dir of hidden) {
    if (!isUnder(interpreter, dir)) continue;
    const prefix = path.dirname(path.dirname(interpreter));
    const target = isUnder(prefix, dir) ? prefix : interpreter; // never re-expose the hidden dir itself
    const parents: string[] = [];
    for (let p = path.dirname(target); isUnder(p, dir); p = path.dirname(p)) parents.unshift(p);
    for (const p of parents) args.push('--perms', '0755', '--dir', p);
    args.push('--ro-bind', target, target);
  }
  return args;
}

function limitValue(n: number, unit = 1): string {
  if (!Number.isFinite(n) || n <= 0) return 'unlimited';
  return String(Math.ceil(n / unit));
}

export interface ScriptRlimit {
  /** prlimit's option name; RLIMIT_<NAME> in setrlimit(2). */
  name: 'as' | 'cpu' | 'nproc' | 'nofile' | 'fsize' | 'core';
  soft: number;
  hard: number;
}

/**
 * The rlimits of a script's process. A non-positive / non-finite limit means "inherit": raising a
 * hard limit needs CAP_SYS_RESOURCE.
 */
export function scriptRlimits(limits: SandboxSpec['limits']): ScriptRlimit[] {
  const out: ScriptRlimit[] = [];
  const add = (name: ScriptRlimit['name'], value: string, hard = value) => {
    if (value !== 'unlimited') out.push({ name, soft: Number(value), hard: Number(hard) });
  };
  add('as', limitValue(limits.memoryBytes));
  // SIGXCPU at the soft limit (reported as 'killed'/SIGXCPU), SIGKILL a second later.
  const cpu = limitValue(limits.cpuSeconds);
  add('cpu', cpu, cpu === 'unlimited' ? cpu : String(Number(cpu) + 1));
  add('nproc', limitValue(limits.maxProcesses));
  add('nofile', limitValue(limits.maxOpenFiles));
  add('fsize', limitValue(limits.maxFileSizeBytes));
  add('core', '0');
  return out;
}

export function buildSandboxArgv(spec: SandboxArgvSpec, options: SandboxArgvOptions = {}): SandboxCommand {
  const tools = hostTools();
  if (!tools.bwrap) throw new Error('bubblewrap (bwrap) not found');
  if (!tools.prlimit) throw new Error('prlimit (util-linux) not found');
  if (!path.isAbsolute(spec.workDir)) throw new Error(`workDir must be absolute: ${spec.workDir}`);
  if (!path.isAbsolute(spec.interpreter)) throw new Error(`interpreter must be absolute: ${spec.interpreter}`);
  const privileged = options.privileged ?? isPrivilegedHost();
  if (privileged && !tools.setpriv) throw new Error('setpriv (util-linux) not found');
  const usageFile = options.usageFile && tools.time ? options.usageFile : null;
  const scriptUid = privileged ? spec.runAsUid ?? DEFAULT_SANDBOX_UID : null;
  if (scriptUid !== null && (!Number.isInteger(scriptUid) || scriptUid <= 0)) {
    throw new Error(`runAsUid must be a positive integer (never root): ${scriptUid}`);
  }

  if (options.holder && !tools.sleep) throw new Error('sleep (coreutils) not found');
  const env = buildScriptEnv(options.gate || options.holder ? { ...spec, env: {}, input: {} } : spec);
  const chainTools = [tools.prlimit, tools.setpriv, tools.time, tools.env, tools.sleep].filter((t): t is string => t !== null);
  const hidden = hiddenDirs(spec, [...chainTools, path.dirname(tools.bwrap)]);
  const tmpSize = limitValue(spec.tmpSizeBytes ?? spec.limits.memoryBytes);

  const a: string[] = ['--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev'];
  const sizeArgs = tmpSize === 'unlimited' ? [] : ['--size', tmpSize];
  a.push('--perms', '1777', ...sizeArgs, '--tmpfs', '/tmp');
  a.push('--perms', '1777', ...sizeArgs, '--tmpfs', '/dev/shm');
  for (const dir of hidden) a.push('--size', String(HIDDEN_TMPFS_BYTES), '--tmpfs', dir);
  a.push(...interpreterRebindArgs(spec.interpreter, hidden));
  a.push('--bind', spec.workDir, SANDBOX_WORK_DIR);
  a.push(...hostBindArgs(spec.hostBinds));
  if (options.runFiles) {
    a.push('--ro-bind', options.runFiles.script, sandboxPath(scriptFileName(spec.language)));
    a.push('--ro-bind', options.runFiles.input, sandboxPath(INPUT_FILE_NAME));
  }
  if (usageFile) a.push('--bind', usageFile, USAGE_FILE_IN_SANDBOX);
  a.push('--chdir', SANDBOX_WORK_DIR);

  if (privileged) {
    // No user namespace (see header). Network namespace unless allowed; --share-net only pairs with --unshare-all.
    a.push('--unshare-ipc', '--unshare-pid', '--unshare-uts', '--unshare-cgroup-try');
    if (!spec.allowNetwork) a.push('--unshare-net');
    // bwrap run by root keeps *all* capabilities by default: drop them, keep only what setpriv needs.
    a.push('--cap-drop', 'ALL', '--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID', '--cap-add', 'CAP_SETPCAP');
  } else {
    a.push('--unshare-all');
    if (spec.allowNetwork) a.push('--share-net');
  }
  a.push('--die-with-parent', '--new-session', '--hostname', 'sandbox', '--');
  if (options.holder) {
    if (!privileged) throw new Error('a holder sandbox needs a root worker (its runs are forked in with setns)');
    a.push(tools.sleep!, 'infinity');
    return { file: tools.bwrap, args: a, usageWrapper: false, privileged, scriptUid, env: Object.fromEntries(env.early) };
  }

  const rlimits = scriptRlimits(spec.limits).map(({ name, soft, hard }) => `--${name}=${soft === hard ? soft : `${soft}:${hard}`}`);
  a.push(tools.prlimit, ...rlimits, '--');
  if (usageFile && tools.time) a.push(tools.time, '-f', USAGE_FORMAT, '-o', USAGE_FILE_IN_SANDBOX, '--');
  if (privileged && tools.setpriv) {
    const id = String(scriptUid);
    a.push(
      tools.setpriv,
      `--reuid=${id}`,
      `--regid=${id}`,
      '--clear-groups',
      '--no-new-privs',
      '--inh-caps=-all',
      '--bounding-set=-all',
      '--',
    );
  }
  if (options.gate) {
    if (!tools.env) throw new Error('env(1) not found');
    a.push(...gateCommand(spec.language, spec.interpreter, tools.env));
  } else {
    if (env.late.length > 0) {
      if (!tools.env) throw new Error('env(1) not found');
      a.push(tools.env, '--', ...env.late.map(([n, v]) => `${n}=${v}`));
    }
    a.push(spec.interpreter, sandboxPath(scriptFileName(spec.language)));
  }

  return { file: tools.bwrap, args: a, usageWrapper: usageFile !== null, privileged, scriptUid, env: Object.fromEntries(env.early) };
}
