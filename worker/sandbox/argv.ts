/**
 * The single place that builds the bubblewrap command line (runSandboxed and benchmarks use it).
 *
 * Layout inside the sandbox: an allowlist, not the host's root. bwrap's own empty root (a tmpfs)
 * gets only what interpreters and ordinary tools need (filesystem-layout.ts):
 *   /usr /bin /sbin /lib*   the host's, read-only (merged-/usr symlinks kept as symlinks)
 *   /etc/...               a selection: passwd, group, hosts, resolv.conf, nsswitch, ssl and CA
 *                          certificates, time zone, ld.so cache, alternatives... bound as one copy
 *                          of what others may read of them (etc-snapshot.ts), kept current
 *   <interpreter prefix>   the configured interpreter's installation, read-only (pyenv, a venv and
 *                          its base), when it lives outside /usr
 *   /proc /dev             fresh procfs / minimal devtmpfs
 *   /tmp /dev/shm          fresh tmpfs (1777, size-capped); /var/tmp → /tmp
 *   /work                  the run's workDir, read-write; cwd
 * Nothing else of the host: not /run, /var, /home, /root, the host's /tmp or /dev/shm, the install or
 * data directories, so no host Unix socket can be reached through the filesystem. Install or data
 * directories under a bound tree (an app installed under /usr/local, say) are covered with an empty
 * tmpfs.
 *
 * Process chain (root worker):
 *   bwrap (outer, host pid we spawn) → bwrap init (pid 1 of the new pid ns)
 *     → [seccomp filter from here on] prlimit (sets rlimits) → [time -o /dev/vss-usage]
 *       → setpriv (uid U, no caps, no_new_privs) → [env LD_...=...] → interpreter /work/script.{py,sh}
 *
 * Why not --unshare-user / --uid U as root: bwrap then maps the sandbox uid to the caller's
 * real uid 0, and the kernel exempts kuid 0 (INIT_USER) from RLIMIT_NPROC, so a fork bomb is not
 * contained. Instead bwrap runs privileged without a user namespace, keeps only CAP_SETUID/SETGID/
 * SETPCAP for the chain (--cap-drop ALL first: as root bwrap keeps every capability by default),
 * and setpriv switches to a real unprivileged host uid (nproc is enforced,
 * leftovers are visible with `pgrep -u U`). The first two exec'd programs (prlimit, time) run as
 * uid 0 without other capabilities; loader-sensitive user variables (LD_* etc.)
 * are withheld from them and applied by env(1) after the drop. New user namespaces (and every other
 * namespace) are refused by the seccomp filter (seccomp.ts), which bwrap installs before the chain.
 * A non-root worker falls back to --unshare-all (user namespace); the script then runs as the
 * worker's uid (nproc is counted per user namespace there).
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildScriptEnv, INPUT_FILE_NAME, SANDBOX_WORK_DIR, sandboxPath, scriptFileName } from './conventions';
import { boundRoots, interpreterRoots, systemLayout, type Mount } from './filesystem-layout';
import { gateCommand } from './gate';
import { hostBindArgs } from './host-binds';
import { hostTools, isPrivilegedHost } from './host-tools';
import { seccompFilterFile } from './seccomp';
import type { SandboxSpec } from './types';

export const DEFAULT_SANDBOX_UID = 65534;
/** Bind target of the GNU time report (a root-owned 0600 host file: the script cannot read or forge it). */
export const USAGE_FILE_IN_SANDBOX = '/dev/vss-usage';
export const USAGE_FORMAT_TAG = 'VSSUSAGE';
const USAGE_FORMAT = `${USAGE_FORMAT_TAG} %x %e %U %S %M`;
const HIDDEN_TMPFS_BYTES = 1024 * 1024;
/** Where bwrap finds the seccomp filter (--seccomp FD). */
export const SECCOMP_FD = 3;
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
  /** The run's control group limits its memory: no RLIMIT_AS. */
  groupLimitsMemory?: boolean;
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
  /** Files the starter opens read-only at these descriptor numbers in the child (the seccomp filter). */
  openFds: Record<number, string>;
  /** The /etc copy bound as the sandbox's /etc (etc-snapshot.ts), to hold while the sandbox runs (holdEtcCopy). */
  etcCopy: string | null;
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

/**
 * The install and data directories (and spec.hiddenPaths) that lie inside a tree the sandbox binds,
 * e.g. an app installed under /usr/local: covered with an empty tmpfs. Nested entries removed; the
 * programs the sandbox itself needs are never hidden.
 */
export function hiddenDirs(
  spec: Pick<SandboxArgvSpec, 'storageDir' | 'hiddenPaths'>,
  essentials: string[],
  bound: string[],
): string[] {
  const candidates = [APP_ROOT, process.cwd(), ...(spec.hiddenPaths ?? [])];
  if (spec.storageDir) {
    const storage = path.resolve(spec.storageDir);
    const parent = path.dirname(storage);
    candidates.push(parent === '/' ? storage : parent);
  }
  const dirs = candidates
    .map(realDir)
    .filter((d): d is string => d !== null)
    .filter((d) => bound.some((root) => isUnder(d, root)))
    .filter((d) => !essentials.some((e) => e === d || isUnder(e, d)))
    .sort((a, b) => a.length - b.length);
  const result: string[] = [];
  for (const d of dirs) if (!result.some((r) => r === d || isUnder(d, r))) result.push(d);
  return result;
}

/**
 * bwrap creates the missing parents of a bind target in its root with mode 0700 (unreadable for the
 * sandbox uid, python then silently falls back to another prefix): they are created 0755 first.
 */
export function parentDirArgs(target: string, already: string[]): string[] {
  const args: string[] = [];
  for (let p = path.dirname(target); p !== '/'; p = path.dirname(p)) {
    if (already.some((arg, i) => arg === p && already[i - 1] === '--dir')) break;
    args.unshift('--perms', '0755', '--dir', p);
  }
  return args;
}

/**
 * Whether the sandbox would see `dir` at all: a bound tree shows all of it; a copy (etc-snapshot.ts)
 * only what it copied, and covering a path it left out would need a mount point the read-only copy
 * cannot get.
 */
function shownBy(system: Mount[], dir: string): boolean {
  for (const m of system) {
    if (m.kind !== 'copy') continue;
    const entry = m.covers.find((c) => c === dir || isUnder(dir, c));
    if (entry) return existsSync(path.join(m.source, path.basename(entry), path.relative(entry, dir)));
  }
  return true;
}

/** The system layout's bwrap arguments, built once per layout (it changes once a minute at most). */
const systemArgsCache = new WeakMap<Mount[], string[]>();
function systemArgs(system: Mount[]): string[] {
  let args = systemArgsCache.get(system);
  if (!args) {
    args = [];
    for (const m of system) {
      args.push(...parentDirArgs(m.path, args));
      if (m.kind === 'symlink') args.push('--symlink', m.target, m.path);
      else if (m.kind === 'copy') args.push('--ro-bind', m.source, m.path);
      else args.push('--ro-bind', m.path, m.path);
    }
    systemArgsCache.set(system, args);
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
export function scriptRlimits(
  limits: SandboxSpec['limits'],
  { addressSpace = true }: { addressSpace?: boolean } = {},
): ScriptRlimit[] {
  const out: ScriptRlimit[] = [];
  const add = (name: ScriptRlimit['name'], value: string, hard = value) => {
    if (value !== 'unlimited') out.push({ name, soft: Number(value), hard: Number(hard) });
  };
  // With a control group the run's real memory is limited; an address-space limit would only break
  // runtimes that reserve more than they use.
  if (addressSpace) add('as', limitValue(limits.memoryBytes));
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
  const scriptUid = privileged ? (spec.runAsUid ?? DEFAULT_SANDBOX_UID) : null;
  if (scriptUid !== null && (!Number.isInteger(scriptUid) || scriptUid <= 0)) {
    throw new Error(`runAsUid must be a positive integer (never root): ${scriptUid}`);
  }

  if (options.holder && !tools.sleep) throw new Error('sleep (coreutils) not found');
  const env = buildScriptEnv(options.gate || options.holder ? { ...spec, env: {}, input: {} } : spec);
  const chainTools = [tools.prlimit, tools.setpriv, tools.time, tools.env, tools.sleep].filter(
    (t): t is string => t !== null,
  );
  const system = systemLayout();
  const etcCopy = system.find((m) => m.kind === 'copy')?.source ?? null;
  const covered = boundRoots(system);
  const interpreterDirs = interpreterRoots(spec.interpreter, covered);
  const hidden = hiddenDirs(spec, [...chainTools, spec.interpreter], [...covered, ...interpreterDirs]);
  const tmpSize = limitValue(spec.tmpSizeBytes ?? spec.limits.memoryBytes);

  const a: string[] = [...systemArgs(system)];
  for (const dir of interpreterDirs) a.push(...parentDirArgs(dir, a), '--ro-bind', dir, dir);
  for (const dir of hidden) if (shownBy(system, dir)) a.push('--size', String(HIDDEN_TMPFS_BYTES), '--tmpfs', dir);
  a.push('--proc', '/proc', '--dev', '/dev');
  const sizeArgs = tmpSize === 'unlimited' ? [] : ['--size', tmpSize];
  a.push('--perms', '1777', ...sizeArgs, '--tmpfs', '/tmp');
  a.push('--perms', '1777', ...sizeArgs, '--tmpfs', '/dev/shm');
  a.push(...parentDirArgs('/var/tmp', a), '--symlink', '../tmp', '/var/tmp');
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
  const seccomp = seccompFilterFile();
  if (seccomp) a.push('--seccomp', String(SECCOMP_FD));
  a.push('--die-with-parent', '--new-session', '--hostname', 'sandbox', '--');
  const openFds: Record<number, string> = seccomp ? { [SECCOMP_FD]: seccomp } : {};
  if (options.holder) {
    if (!privileged) throw new Error('a holder sandbox needs a root worker (its runs are forked in with setns)');
    a.push(tools.sleep!, 'infinity');
    return {
      file: tools.bwrap,
      args: a,
      usageWrapper: false,
      privileged,
      scriptUid,
      env: Object.fromEntries(env.early),
      openFds,
      etcCopy,
    };
  }

  const rlimits = scriptRlimits(spec.limits, { addressSpace: !options.groupLimitsMemory }).map(
    ({ name, soft, hard }) => `--${name}=${soft === hard ? soft : `${soft}:${hard}`}`,
  );
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

  return {
    file: tools.bwrap,
    args: a,
    usageWrapper: usageFile !== null,
    privileged,
    scriptUid,
    env: Object.fromEntries(env.early),
    openFds,
    etcCopy,
  };
}
