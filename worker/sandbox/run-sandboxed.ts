/**
 * Runs one operator script inside a bubblewrap sandbox with rlimits, streams its output, enforces
 * timeout / cancellation and collects exit status, resource usage and the JSON result.
 * Conventions for scripts: README.md. Command line: argv.ts (buildSandboxArgv).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSandboxArgv } from './argv';
import { INPUT_FILE_NAME, MAX_RESULT_BYTES, RESULT_FILE_NAME, SANDBOX_WORK_DIR, scriptFileName } from './conventions';
import { hostTools, isPrivilegedHost } from './host-tools';
import { OutputLimiter } from './output';
import { gracefulTargets } from './process-tree';
import { readResultFile } from './result-file';
import type { SandboxOutcome, SandboxResult, SandboxSpec } from './types';
import { parseUsage, type ScriptUsage } from './usage';

export type { SandboxLimits, SandboxOutputChunk, SandboxOutcome, SandboxResult, SandboxSpec } from './types';
export { buildSandboxArgv } from './argv';
export type { SandboxArgvOptions, SandboxArgvSpec, SandboxCommand } from './argv';

export const DEFAULT_KILL_GRACE_MS = 2000;
/** After the sandbox exits, its pipes close as soon as the pid namespace is gone; never wait longer. */
const PIPE_DRAIN_TIMEOUT_MS = 5000;

/**
 * Fresh host file for GNU time's report (bind source, never visible to scripts). O_EXCL on a random
 * name in the shared tmp dir: no pre-planted symlink can redirect it; unlinked after the run.
 */
function createUsageFile(): string {
  const file = path.join(os.tmpdir(), `vss-usage-${randomUUID()}`);
  writeFileSync(file, '', { mode: 0o600, flag: 'wx' });
  return file;
}

function signalName(signo: number): string {
  const entry = Object.entries(os.constants.signals).find(([, n]) => n === signo);
  return entry ? entry[0] : `SIG${signo}`;
}

/** The bind target must exist in the read-only root; as root we create the (empty) mount point once. */
function ensureMountPoint(): void {
  if (existsSync(SANDBOX_WORK_DIR)) return;
  if (!isPrivilegedHost()) throw new Error(`sandbox mount point ${SANDBOX_WORK_DIR} does not exist on the host`);
  mkdirSync(SANDBOX_WORK_DIR, { recursive: true, mode: 0o755 });
}

/** Create a file, never following a pre-existing entry (a reused workDir may hold a script's symlink). */
function createFile(file: string, content: string): void {
  rmSync(file, { force: true });
  writeFileSync(file, content, { mode: 0o644, flag: 'wx' });
}

function prepareWorkDir(spec: SandboxSpec, scriptUid: number | null): void {
  createFile(path.join(spec.workDir, scriptFileName(spec.language)), spec.content);
  createFile(path.join(spec.workDir, INPUT_FILE_NAME), JSON.stringify(spec.input));
  rmSync(path.join(spec.workDir, RESULT_FILE_NAME), { force: true });
  // The script runs as scriptUid: it must own /work to create result.json and scratch files there.
  // Script and input stay root-owned (readable, not writable). bwrap's --chdir runs as uid 0 without
  // CAP_DAC_OVERRIDE, so the directory needs the search bit for others (0711, not mkdtemp's 0700).
  if (scriptUid !== null) {
    chownSync(spec.workDir, scriptUid, scriptUid);
    chmodSync(spec.workDir, 0o711);
  }
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

export function runSandboxed(spec: SandboxSpec): Promise<SandboxResult> {
  if (!path.isAbsolute(spec.workDir)) return Promise.reject(new Error(`workDir must be absolute: ${spec.workDir}`));
  if (spec.signal?.aborted) return Promise.resolve(emptyResult('cancelled'));

  let usageFile: string | null = null;
  let command: ReturnType<typeof buildSandboxArgv>;
  try {
    ensureMountPoint();
    if (hostTools().time && spec.measureUsage !== false) usageFile = createUsageFile();
    command = buildSandboxArgv(spec, { usageFile });
    prepareWorkDir(spec, command.scriptUid);
  } catch (err) {
    if (usageFile) rmSync(usageFile, { force: true });
    return Promise.reject(err);
  }
  const graceMs = spec.killGraceMs ?? DEFAULT_KILL_GRACE_MS;

  return new Promise<SandboxResult>((resolve, reject) => {
    const started = process.hrtime.bigint();
    const output = new OutputLimiter(spec.maxLogBytes, spec.onOutput);
    const child = spawn(command.file, command.args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group: killGroup() reaches the outer bwrap
      env: command.env as NodeJS.ProcessEnv, // only the script's variables; nothing of the worker's
    });

    let killReason: 'timeout' | 'cancel' | null = null;
    let killTimer: NodeJS.Timeout | undefined;
    let drainTimer: NodeJS.Timeout | undefined;
    let settled = false;

    let exited = false;
    const killGroup = (signal: NodeJS.Signals): void => {
      // Once bwrap is reaped its pid (= our group id) may be reused: never signal it then.
      if (child.pid === undefined || exited) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };

    const terminate = (reason: 'timeout' | 'cancel'): void => {
      if (killReason || settled || exited || child.pid === undefined) return;
      killReason = reason;
      const targets = gracefulTargets(child.pid, command.usageWrapper);
      if (targets.length === 0) {
        killGroup('SIGKILL'); // nothing to be graceful with (sandbox still starting or already ending)
      } else {
        for (const pid of targets) {
          try {
            process.kill(pid, 'SIGTERM');
          } catch {
            // exited meanwhile
          }
        }
        // SIGKILL to the outer bwrap; --die-with-parent + pid namespace teardown kill everything inside.
        killTimer = setTimeout(() => killGroup('SIGKILL'), graceMs);
      }
    };

    const timeoutTimer = setTimeout(() => terminate('timeout'), spec.timeoutMs);
    const onAbort = (): void => terminate('cancel');
    spec.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (buf: Buffer) => output.push('stdout', buf));
    child.stderr.on('data', (buf: Buffer) => output.push('stderr', buf));

    const cleanup = (): void => {
      clearTimeout(timeoutTimer);
      clearTimeout(killTimer);
      clearTimeout(drainTimer);
      spec.signal?.removeEventListener('abort', onAbort);
    };

    child.on('error', (err) => {
      if (settled) return;
      settled = true;
      cleanup();
      if (usageFile) rmSync(usageFile, { force: true });
      reject(err);
    });

    child.on('exit', () => {
      exited = true;
      // Safety net: everything holding the pipes lived in the pid namespace, which is gone by now.
      drainTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
      }, PIPE_DRAIN_TIMEOUT_MS);
    });

    child.on('close', (code, sig) => {
      if (settled) return;
      settled = true;
      cleanup();
      output.end();
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;

      let usage: ScriptUsage | null = null;
      if (usageFile) {
        try {
          usage = parseUsage(readFileSync(usageFile, 'utf8'));
        } catch {
          usage = null;
        }
        try {
          unlinkSync(usageFile);
        } catch {
          // ignore
        }
      }

      if (command.usageWrapper && !usage && !killReason && sig === null && code !== 0) {
        // The wrapper never reported: bwrap (or prlimit/setpriv) failed before the script ran.
        reject(new Error(`sandbox failed to start (bwrap exit code ${code ?? 'null'}); see stderr output`));
        return;
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

      let outcome: SandboxOutcome;
      if (killReason === 'timeout') outcome = 'timed_out';
      else if (killReason === 'cancel') outcome = 'cancelled';
      else if (signal !== null) outcome = 'killed';
      else outcome = 'exited';

      const read = readResultFile(path.join(spec.workDir, RESULT_FILE_NAME), MAX_RESULT_BYTES);
      resolve({
        outcome,
        exitCode,
        signal,
        result: read.result,
        ...(read.error !== undefined ? { resultError: read.error } : {}),
        durationMs: Math.round(durationMs * 10) / 10,
        cpuTimeMs: usage?.cpuTimeMs ?? null,
        peakMemoryBytes: usage?.peakMemoryBytes ?? null,
        truncated: output.truncated,
        outputBytes: output.totalBytes,
      });
    });
  });
}

let available: boolean | undefined;

/** bwrap (and prlimit, plus setpriv as root) present and a trivial sandbox actually runs. Cached. */
export function isSandboxAvailable(): boolean {
  if (available !== undefined) return available;
  const tools = hostTools();
  available = false;
  if (!tools.bwrap || !tools.prlimit || (isPrivilegedHost() && !tools.setpriv)) return available;
  try {
    ensureMountPoint();
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
      // /work/script.sh does not exist: run `sh -c true` through the same argv prefix instead.
      const args = [...cmd.args.slice(0, -1), '-c', 'true'];
      const res = spawnSync(cmd.file, args, { stdio: 'ignore', timeout: 10_000, env: cmd.env as NodeJS.ProcessEnv });
      available = res.status === 0;
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  } catch {
    available = false;
  }
  return available;
}
