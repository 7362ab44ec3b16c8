/**
 * One spawned sandbox (the outer bwrap and everything under it). Output that arrives before a run
 * is attached (a prepared sandbox's interpreter may warn while starting) is kept and handed over
 * with the first attach, so nothing a run's sandbox printed is lost.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { SandboxCommand } from './argv';

type Stream = 'stdout' | 'stderr';
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** After the sandbox exits, its pipes close as soon as the pid namespace is gone; never wait longer. */
const PIPE_DRAIN_TIMEOUT_MS = 5000;

/** Memory-backed when the host has it: the small files of a run never need a disk. */
export const memoryTmpDir = (() => {
  try {
    return statSync('/dev/shm').isDirectory() ? '/dev/shm' : os.tmpdir();
  } catch {
    return os.tmpdir();
  }
})();

/**
 * Fresh host file for GNU time's report (bind source, never visible to scripts). O_EXCL on a random
 * name in the shared tmp dir: no pre-planted symlink can redirect it; unlinked after the run.
 */
export function createUsageFile(): string {
  const file = path.join(memoryTmpDir, `vss-usage-${randomUUID()}`);
  writeFileSync(file, '', { mode: 0o600, flag: 'wx' });
  return file;
}

export class SandboxProcess {
  private readonly child: ChildProcess;
  private readonly stdout: Readable;
  private readonly stderr: Readable;
  private pending: Array<[Stream, Buffer]> = [];
  private sink: ((stream: Stream, buf: Buffer) => void) | null = null;
  private exited = false;
  private drainTimer: NodeJS.Timeout | undefined;
  /** Settles once the process has exited and its pipes are closed. */
  readonly closed: Promise<ExitStatus>;
  readonly spawnedAt = process.hrtime.bigint();

  constructor(
    readonly command: SandboxCommand,
    readonly usageFile: string | null,
    withStdin: boolean,
  ) {
    this.child = spawn(command.file, command.args, {
      stdio: [withStdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      detached: true, // own process group: killGroup() reaches the outer bwrap
      env: command.env as NodeJS.ProcessEnv, // only the script's variables; nothing of the worker's
    });
    // A prepared sandbox that died has nobody reading its stdin: the write fails with EPIPE.
    this.child.stdin?.on('error', () => undefined);
    const onData = (stream: Stream) => (buf: Buffer) => {
      if (this.sink) this.sink(stream, buf);
      else this.pending.push([stream, buf]);
    };
    // stdio 'pipe' guarantees both streams.
    this.stdout = this.child.stdout as Readable;
    this.stderr = this.child.stderr as Readable;
    this.stdout.on('data', onData('stdout'));
    this.stderr.on('data', onData('stderr'));
    this.child.on('exit', () => {
      this.exited = true;
      // Safety net: everything holding the pipes lived in the pid namespace, which is gone by now.
      this.drainTimer = setTimeout(() => {
        this.stdout.destroy();
        this.stderr.destroy();
      }, PIPE_DRAIN_TIMEOUT_MS);
    });
    this.closed = new Promise((resolve, reject) => {
      this.child.on('error', (err) => {
        this.exited = true;
        reject(err);
      });
      this.child.on('close', (code, signal) => {
        clearTimeout(this.drainTimer);
        resolve({ code, signal });
      });
    });
    this.closed.catch(() => undefined); // observed by the run; a discarded sandbox has nobody waiting
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return !this.exited && this.child.pid !== undefined;
  }

  /** Routes output to the run, starting with what arrived before. */
  attach(sink: (stream: Stream, buf: Buffer) => void): void {
    this.sink = sink;
    for (const [stream, buf] of this.pending) sink(stream, buf);
    this.pending = [];
  }

  /** Opens the gate of a prepared sandbox. */
  release(payload: Buffer): void {
    this.child.stdin?.end(payload);
  }

  killGroup(signal: NodeJS.Signals): void {
    // Once bwrap is reaped its pid (= our group id) may be reused: never signal it then.
    if (this.child.pid === undefined || this.exited) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // already gone
    }
  }

  removeUsageFile(): void {
    if (this.usageFile) rmSync(this.usageFile, { force: true });
  }
}
