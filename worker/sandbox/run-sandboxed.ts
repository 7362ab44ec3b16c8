/**
 * Runs one operator script inside a bubblewrap sandbox with rlimits, streams its output, enforces
 * timeout / cancellation and collects exit status, resource usage and the JSON result.
 * Conventions for scripts: README.md. Command line: argv.ts (buildSandboxArgv).
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  fchmodSync,
  fchownSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSandboxArgv, DEFAULT_SANDBOX_UID, scriptRlimits, type RunFiles } from './argv';
import { holdEtcCopy } from './etc-snapshot';
import { RunGroup } from './cgroups';
import {
  buildScriptEnv,
  INPUT_FILE_NAME,
  MAX_RESULT_BYTES,
  RESULT_FILE_NAME,
  SANDBOX_WORK_DIR,
  sandboxPath,
  scriptFileName,
} from './conventions';
import { ForkedRun } from './forked-run';
import { canUsePrepared, encodeGatePayload } from './gate';
import { hostTools, isPrivilegedHost } from './host-tools';
import { privateFile } from './private-dir';
import { OutputLimiter } from './output';
import { readResultFile } from './result-file';
import { readyZygote, type Zygote } from './python-zygote';
import { createUsageFile, SandboxProcess, type ExitStatus, type RunningSandbox } from './sandbox-process';
import { signalName } from './spawn-helper';
import type { PreparedSandboxSpec, SandboxOutcome, SandboxResult, SandboxSpec } from './types';
import type { ScriptUsage } from './usage';
import type { RunGroupUsage } from './cgroups';

export type {
  PreparedSandboxSpec,
  SandboxLimits,
  SandboxOutputChunk,
  SandboxOutcome,
  SandboxResult,
  SandboxSpec,
} from './types';
export { buildSandboxArgv } from './argv';
export type { SandboxArgvOptions, SandboxArgvSpec, SandboxCommand } from './argv';

export const DEFAULT_KILL_GRACE_MS = 2000;

/**
 * A run file (script, input): root-owned, readable by the run's group only (gid = the run's uid), so
 * neither the script can change it nor another host user read it. Never follows a pre-existing
 * entry (a reused workDir may hold a script's symlink). A non-root worker's runs share its uid: 0600.
 */
function createRunFile(file: string, content: string, uid: number | null): void {
  removeEntry(file);
  // Owner and mode set on the open descriptor before anything is written (a syscall each, no path walk).
  const fd = openSync(file, 'wx', 0o600);
  try {
    if (uid !== null) {
      fchownSync(fd, 0, uid);
      fchmodSync(fd, 0o640);
    }
    const bytes = Buffer.from(content);
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
  } finally {
    closeSync(fd);
  }
}

/** Whatever `file` names is gone afterwards: one unlink for the usual file or nothing, a whole tree otherwise. */
function removeEntry(file: string): void {
  try {
    unlinkSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') rmSync(file, { recursive: true, force: true }); // a directory the last run left
  }
}

function runFileUid(spec: Pick<SandboxSpec, 'runAsUid'>): number | null {
  return isPrivilegedHost() ? (spec.runAsUid ?? DEFAULT_SANDBOX_UID) : null;
}

/**
 * The script runs as scriptUid: it must own /work to create result.json and scratch files there.
 * bwrap's --chdir runs as uid 0 without CAP_DAC_OVERRIDE, so the directory needs the search bit for
 * others (0711, not mkdtemp's 0700).
 */
function ownWorkDir(workDir: string, scriptUid: number | null): void {
  if (scriptUid === null) return;
  // A reused directory usually has both already (reading is cheaper than a journalled inode write).
  const st = statSync(workDir);
  if (st.uid !== scriptUid || st.gid !== scriptUid) chownSync(workDir, scriptUid, scriptUid);
  if ((st.mode & 0o7777) !== 0o711) chmodSync(workDir, 0o711);
}

/** Script and input stay root-owned (readable, not writable by the script). */
function writeRunFiles(spec: SandboxSpec): void {
  const uid = runFileUid(spec);
  createRunFile(path.join(spec.workDir, scriptFileName(spec.language)), spec.content, uid);
  createRunFile(path.join(spec.workDir, INPUT_FILE_NAME), JSON.stringify(spec.input), uid);
  removeEntry(path.join(spec.workDir, RESULT_FILE_NAME));
}

/**
 * A prepared sandbox's script and input: empty files in memory, bound read-only into /work when it
 * starts and filled in place (same inode) when its run arrives, so the run creates no file on disk.
 */
function createRunFiles(spec: PreparedSandboxSpec): RunFiles {
  // In the worker's private directory (0700), on fresh random names.
  const files = { script: privateFile(scriptFileName(spec.language)), input: privateFile(INPUT_FILE_NAME) };
  const uid = runFileUid(spec);
  createRunFile(files.script, '', uid);
  try {
    createRunFile(files.input, '', uid);
  } catch (err) {
    removeRunFiles(files);
    throw err;
  }
  return files;
}

function removeRunFiles(files: RunFiles): void {
  for (const file of [files.script, files.input]) rmSync(file, { force: true });
}

function emptyResult(outcome: SandboxOutcome): SandboxResult {
  return {
    outcome,
    exitCode: null,
    signal: null,
    result: undefined,
    durationMs: 0,
    cpuTimeMs: null,
    peakMemoryBytes: null,
    truncated: false,
    outputBytes: 0,
  };
}

/** cold: the script itself; gate: waits for its run (gate.ts); holder: its run is forked in (python-zygote.ts). */
type StartKind = 'cold' | 'gate' | 'holder';

function startSandbox(
  spec: PreparedSandboxSpec & Partial<Pick<SandboxSpec, 'input' | 'env'>>,
  kind: StartKind,
  runFiles?: RunFiles,
): SandboxProcess {
  const usageFile = kind !== 'holder' && hostTools().time && spec.measureUsage !== false ? createUsageFile() : null;
  let group: RunGroup | null = null;
  let release: (() => void) | undefined;
  try {
    group = RunGroup.create(spec.limits);
    const command = buildSandboxArgv(
      { input: {}, env: {}, ...spec },
      { usageFile, gate: kind === 'gate', holder: kind === 'holder', runFiles, groupLimitsMemory: group !== null },
    );
    release = holdEtcCopy(command.etcCopy); // its /etc copy stays until the sandbox has ended
    ownWorkDir(spec.workDir, command.scriptUid);
    const sandbox = new SandboxProcess(command, usageFile, kind === 'gate', group);
    void sandbox.closed.catch(() => undefined).then(release);
    return sandbox;
  } catch (err) {
    release?.();
    if (usageFile) rmSync(usageFile, { force: true });
    void group?.destroy();
    throw err;
  }
}

/**
 * A sandbox started ahead of its run, waiting at the gate (gate.ts). Hand it to runSandboxed with a
 * spec of the same shape and workDir, or discard it.
 */
export class PreparedSandbox {
  private used = false;

  private constructor(
    readonly spec: PreparedSandboxSpec,
    readonly process: SandboxProcess,
    readonly runFiles: RunFiles,
    /** Its run is forked in by this zygote instead of passing a gate. */
    readonly zygote: Zygote | null,
  ) {
    // Whatever ends it (its run, a discard, an early death), its in-memory files go with it.
    void process.closed.finally(() => removeRunFiles(runFiles)).catch(() => undefined);
  }

  /** `fork`: a python run is forked in from the warm interpreter when it is ready (python-zygote.ts). */
  static start(spec: PreparedSandboxSpec, { fork = true }: { fork?: boolean } = {}): PreparedSandbox {
    const runFiles = createRunFiles(spec);
    try {
      const zygote = fork && spec.language === 'python' ? readyZygote(spec.interpreter) : null;
      return new PreparedSandbox(spec, startSandbox(spec, zygote ? 'holder' : 'gate', runFiles), runFiles, zygote);
    } catch (err) {
      removeRunFiles(runFiles);
      throw err;
    }
  }

  get alive(): boolean {
    return !this.used && this.process.alive;
  }

  /** Marks it taken; false when it was already taken or has died. */
  claim(): boolean {
    if (!this.alive) return false;
    this.used = true;
    return true;
  }

  discard(): void {
    this.used = true;
    this.process.killGroup('SIGKILL');
    void this.process.closed.finally(() => this.process.removeUsageFile()).catch(() => undefined);
  }
}

export { canUsePrepared };

/** What a prepared sandbox fixes when it starts, besides its work directory and uid. */
export type SandboxShape = Omit<PreparedSandboxSpec, 'workDir' | 'runAsUid'>;

export function sandboxShape(spec: SandboxShape): SandboxShape {
  const {
    language,
    interpreter,
    allowNetwork,
    limits,
    storageDir,
    hiddenPaths,
    tmpSizeBytes,
    measureUsage,
    hostBinds,
  } = spec;
  return {
    language,
    interpreter,
    allowNetwork,
    limits,
    storageDir,
    hiddenPaths,
    tmpSizeBytes,
    measureUsage,
    hostBinds,
  };
}

/** Equal for specs that may share a prepared sandbox (the pool's key). */
export function sandboxShapeKey(spec: SandboxShape): string {
  return JSON.stringify(sandboxShape(spec));
}

/** A prepared sandbox's isolation was fixed when it started: a run may only use one started exactly for it. */
function fitsPrepared(p: PreparedSandboxSpec, spec: SandboxSpec): boolean {
  return p.workDir === spec.workDir && p.runAsUid === spec.runAsUid && sandboxShapeKey(p) === sandboxShapeKey(spec);
}

/**
 * Runs the script: in `prepared` (claimed, same workDir and shape) when given, else in a sandbox
 * started now. Resolves once the sandbox has exited and its output is delivered.
 */
export async function runSandboxed(spec: SandboxSpec, prepared?: PreparedSandbox): Promise<SandboxResult> {
  if (!path.isAbsolute(spec.workDir)) throw new Error(`workDir must be absolute: ${spec.workDir}`);
  if (prepared && !fitsPrepared(prepared.spec, spec))
    throw new Error('prepared sandbox was started for another shape or workDir');
  if (spec.signal?.aborted) {
    prepared?.discard();
    return emptyResult('cancelled');
  }
  // A run's duration counts its sandbox's start as well (a cold bwrap, a gate opening, a fork).
  const started = process.hrtime.bigint();
  let sandbox: RunningSandbox;
  try {
    if (prepared) {
      writeFileSync(prepared.runFiles.script, spec.content);
      writeFileSync(prepared.runFiles.input, JSON.stringify(spec.input));
      const env = buildScriptEnv(spec);
      // bwrap sets PWD for the process it starts; a fresh start would see it too.
      const vars: Array<[string, string]> = [...env.early, ...env.late, ['PWD', SANDBOX_WORK_DIR]];
      if (prepared.zygote) {
        sandbox = await forkInto(prepared, spec, vars);
      } else {
        sandbox = prepared.process;
        prepared.process.release(encodeGatePayload(vars));
      }
    } else {
      writeRunFiles(spec);
      sandbox = startSandbox(spec, 'cold');
    }
  } catch (err) {
    prepared?.discard();
    throw err;
  }
  return supervise(spec, sandbox, started);
}

/**
 * Forks the run into a holder sandbox. A run that could not be started there is an internal error of
 * this attempt (the holder and anything started in it are killed): it is never started a second
 * time here, since a start that timed out may have begun running the script after all.
 */
async function forkInto(
  prepared: PreparedSandbox,
  spec: SandboxSpec,
  env: Array<[string, string]>,
): Promise<ForkedRun> {
  try {
    const holder = await prepared.process.started;
    const script = await prepared.zygote!.fork(
      {
        holder,
        uid: prepared.spec.runAsUid ?? DEFAULT_SANDBOX_UID,
        limits: scriptRlimits(spec.limits, { addressSpace: !prepared.process.group }).map(({ name, soft, hard }) => [
          `RLIMIT_${name.toUpperCase()}`,
          soft,
          hard,
        ]),
        cgroups: prepared.process.group?.procsFiles() ?? [],
        script: sandboxPath(scriptFileName(spec.language)),
        cwd: SANDBOX_WORK_DIR,
      },
      encodeGatePayload(env),
    );
    return new ForkedRun(prepared.process, script);
  } catch (err) {
    prepared.discard();
    await prepared.process.closed.catch(() => undefined);
    throw new Error(`the sandbox could not start the script: ${(err as Error).message}`);
  }
}

function supervise(spec: SandboxSpec, sandbox: RunningSandbox, started: bigint): Promise<SandboxResult> {
  const graceMs = spec.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const output = new OutputLimiter(spec.maxLogBytes, spec.onOutput);
  sandbox.attach((stream, buf) => output.push(stream, buf));

  let killReason: 'timeout' | 'cancel' | null = null;
  let killTimer: NodeJS.Timeout | undefined;
  const terminate = (reason: 'timeout' | 'cancel'): void => {
    if (killReason || !sandbox.alive) return;
    killReason = reason;
    const targets = sandbox.gracefulTargets();
    if (targets.length === 0) {
      sandbox.killGroup('SIGKILL'); // nothing to be graceful with (sandbox still starting or already ending)
      return;
    }
    for (const target of targets) {
      try {
        process.kill(target, 'SIGTERM');
      } catch {
        // exited meanwhile
      }
    }
    // SIGKILL to the outer bwrap; --die-with-parent + pid namespace teardown kill everything inside.
    killTimer = setTimeout(() => sandbox.killGroup('SIGKILL'), graceMs);
  };
  const timeoutTimer = setTimeout(() => terminate('timeout'), spec.timeoutMs);
  const onAbort = (): void => terminate('cancel');
  spec.signal?.addEventListener('abort', onAbort, { once: true });
  if (spec.signal?.aborted) onAbort(); // while a forked run was being started

  const cleanup = (): void => {
    clearTimeout(timeoutTimer);
    clearTimeout(killTimer);
    spec.signal?.removeEventListener('abort', onAbort);
  };
  return sandbox.closed.then(
    (status) => {
      cleanup();
      output.end();
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      return settle(
        spec,
        status,
        sandbox.takeUsage(),
        sandbox.groupUsage(),
        killReason,
        sandbox.usageWrapper,
        durationMs,
        output,
      );
    },
    (err: unknown) => {
      cleanup();
      sandbox.takeUsage();
      throw err;
    },
  );
}

function settle(
  spec: SandboxSpec,
  { code, signal: sig }: ExitStatus,
  usage: ScriptUsage | null,
  group: RunGroupUsage | null,
  killReason: 'timeout' | 'cancel' | null,
  usageWrapper: boolean,
  durationMs: number,
  output: OutputLimiter,
): SandboxResult {
  const oomKilled = group?.oomKilled === true;
  if (usageWrapper && !usage && !killReason && !oomKilled && sig === null && code !== 0) {
    // The wrapper never reported: bwrap (or prlimit/setpriv) failed before the script ran.
    throw new Error(`sandbox failed to start (bwrap exit code ${code ?? 'null'}); see stderr output`);
  }
  let exitCode: number | null;
  let signal: string | null;
  if (usage) {
    exitCode = usage.signal === null ? usage.exitCode : null;
    signal = usage.signal === null ? null : signalName(usage.signal);
  } else if (sig !== null) {
    exitCode = null;
    signal = sig;
  } else {
    // No wrapper report: bwrap's status is the script's, with 128+N for "died from signal N".
    exitCode = code;
    signal = null;
  }

  if (oomKilled && !killReason && exitCode !== 0 && signal === null) {
    // The OOM killer took a process the report does not show as the script (its wrapper, or a child).
    exitCode = null;
    signal = 'SIGKILL';
  }

  let outcome: SandboxOutcome;
  if (killReason === 'timeout') outcome = 'timed_out';
  else if (killReason === 'cancel') outcome = 'cancelled';
  else if (signal !== null) outcome = 'killed';
  else outcome = 'exited';

  const read = readResultFile(path.join(spec.workDir, RESULT_FILE_NAME), MAX_RESULT_BYTES);
  return {
    outcome,
    exitCode,
    signal,
    result: read.result,
    ...(read.error !== undefined ? { resultError: read.error } : {}),
    durationMs: Math.round(durationMs * 10) / 10,
    // The group counts every process of the run (and its tmpfs pages): preferred to the script's own figures.
    cpuTimeMs: group?.cpuTimeMs ?? usage?.cpuTimeMs ?? null,
    peakMemoryBytes: group?.peakMemoryBytes ?? usage?.peakMemoryBytes ?? null,
    memoryLimitHit: oomKilled,
    truncated: output.truncated,
    outputBytes: output.totalBytes,
  };
}

let available: { ok: boolean; at: number; bwrap: string | null } | undefined;
/** A missing tool may be installed while the worker runs: a negative answer is asked again after this. */
const UNAVAILABLE_RECHECK_MS = 10_000;

/** bwrap (and prlimit, plus setpriv as root) present and a trivial sandbox actually runs. */
export function isSandboxAvailable(): boolean {
  const bwrap = hostTools().bwrap;
  // A newly found bwrap is probed at once, not after the failure's wait.
  const fresh =
    available && available.bwrap === bwrap && (available.ok || Date.now() - available.at < UNAVAILABLE_RECHECK_MS);
  if (fresh) return available!.ok;
  const ok = probeSandbox();
  available = { ok, at: Date.now(), bwrap };
  return ok;
}

/** Debian packages of the host tools a sandbox needs. */
const TOOL_PACKAGES: Array<[keyof ReturnType<typeof hostTools>, string, string]> = [
  ['bwrap', 'bubblewrap (bwrap)', 'bubblewrap'],
  ['prlimit', 'prlimit', 'util-linux'],
  ['setpriv', 'setpriv', 'util-linux'],
  ['python3', 'the system python3 (/usr/bin/python3), which starts the sandboxes', 'python3'],
  ['env', 'env', 'coreutils'],
  ['sleep', 'sleep', 'coreutils'],
];

/** Why an installed bubblewrap cannot create its namespaces, with the setting that allows it. */
function namespaceHint(): string {
  if (isPrivilegedHost())
    return 'bubblewrap is installed but cannot create a sandbox on this host (namespaces refused by the kernel or a container runtime)';
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch {
      return null;
    }
  };
  if (read('/proc/sys/kernel/apparmor_restrict_unprivileged_userns') === '1') {
    return 'bubblewrap cannot create a user namespace (AppArmor restricts them): sysctl -w kernel.apparmor_restrict_unprivileged_userns=0, or run the worker as root';
  }
  if (read('/proc/sys/kernel/unprivileged_userns_clone') === '0') {
    return 'bubblewrap cannot create a user namespace: sysctl -w kernel.unprivileged_userns_clone=1, or run the worker as root';
  }
  if (read('/proc/sys/user/max_user_namespaces') === '0') {
    return 'bubblewrap cannot create a user namespace: sysctl -w user.max_user_namespaces=15000, or run the worker as root';
  }
  return 'bubblewrap is installed but cannot create a sandbox on this host (user namespaces refused?): run the worker as root';
}

/**
 * What this host lacks to run sandboxes: one line per missing tool with the command that installs
 * it, or why an installed bubblewrap cannot start one; empty when a trivial sandbox really starts.
 * Asked again after a failure (tools and probe), so installing the package is enough.
 */
export function sandboxProblems(): string[] {
  const tools = hostTools();
  const missing = TOOL_PACKAGES.filter(([key]) => !tools[key] && (key !== 'setpriv' || isPrivilegedHost()));
  if (missing.length > 0) return missing.map(([, what, pkg]) => `${what} not found: apt-get install -y ${pkg}`);
  return isSandboxAvailable() ? [] : [namespaceHint()];
}

/** Tools a sandbox works without, at a cost: one line each, for the start-up report. */
export function sandboxRecommendations(): string[] {
  return hostTools().time
    ? []
    : [
        "GNU time (/usr/bin/time) not found: apt-get install -y time (without it a run's CPU time and peak memory are not measured)",
      ];
}

/** sandboxProblems() as one line, or null. */
export function sandboxPreflight(): string | null {
  const problems = sandboxProblems();
  return problems.length > 0 ? problems.join('; ') : null;
}

function probeSandbox(): boolean {
  const tools = hostTools();
  if (!tools.bwrap || !tools.prlimit || (isPrivilegedHost() && !tools.setpriv)) return false;
  try {
    const workDir = mkdtempSync(path.join(os.tmpdir(), 'vss-sandbox-probe-'));
    try {
      const shell = existsSync('/bin/sh') ? '/bin/sh' : '/usr/bin/sh';
      const cmd = buildSandboxArgv({
        language: 'bash',
        interpreter: shell,
        workDir,
        input: {},
        env: {},
        allowNetwork: false,
        limits: { memoryBytes: 0, cpuSeconds: 0, maxProcesses: 0, maxOpenFiles: 0, maxFileSizeBytes: 0 },
      });
      // Synchronous from here to the end of spawnSync: its /etc copy cannot be replaced meanwhile.
      // /work/script.sh does not exist: run `sh -c true` through the same argv prefix instead.
      const args = [...cmd.args.slice(0, -1), '-c', 'true'];
      const fds = Object.entries(cmd.openFds).map(([n, file]) => [Number(n), openSync(file, 'r')] as const);
      try {
        const stdio: Array<'ignore' | number> = ['ignore', 'ignore', 'ignore'];
        for (const [n, fd] of fds) stdio[n] = fd;
        const res = spawnSync(cmd.file, args, { stdio, timeout: 10_000, env: cmd.env as NodeJS.ProcessEnv });
        return res.status === 0;
      } finally {
        for (const [, fd] of fds) closeSync(fd);
      }
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  } catch {
    return false;
  }
}
