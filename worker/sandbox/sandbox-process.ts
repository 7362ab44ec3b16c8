/**
 * One spawned sandbox (the outer bwrap and everything under it). Output that arrives before a run
 * is attached (a prepared sandbox's interpreter may warn while starting) is kept and handed over
 * with the first attach, so nothing a run's sandbox printed is lost.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { SandboxCommand } from './argv';
import type { RunGroup, RunGroupUsage } from './cgroups';
import { OutputPipes, type Stream } from './output-pipes';
import { privateFile } from './private-dir';
import { gracefulTargets } from './process-tree';
import { launch, type ExitStatus, type Launched } from './spawn-helper';
import { parseUsage, type ScriptUsage } from './usage';

export type { ExitStatus };

/** A sandbox with its run in it, as the supervisor of the run sees it (run-sandboxed.ts). */
export interface RunningSandbox {
  readonly alive: boolean;
  /** Settles once the run has ended and its output pipes are closed. */
  readonly closed: Promise<ExitStatus>;
  /** True when a usage report (GNU time) wraps the script: without one, a failed start shows as a nonzero bwrap exit. */
  readonly usageWrapper: boolean;
  attach(sink: (stream: Stream, buf: Buffer) => void): void;
  killGroup(signal: NodeJS.Signals): void;
  gracefulTargets(): number[];
  takeUsage(): ScriptUsage | null;
  /** What the run's control group measured (null without one). */
  groupUsage(): RunGroupUsage | null;
}

/** After the sandbox exits, its pipes close as soon as the pid namespace is gone; never wait longer. */
const PIPE_DRAIN_TIMEOUT_MS = 5000;

/**
 * Fresh host file for GNU time's report (bind source, never visible to scripts under this name): in
 * the worker's private directory, O_EXCL on a random name; unlinked after the run.
 */
export function createUsageFile(): string {
  const file = privateFile('usage');
  writeFileSync(file, '', { mode: 0o600, flag: 'wx' });
  return file;
}

export class SandboxProcess implements RunningSandbox {
  private launched: Launched | null = null;
  private pipes: OutputPipes | null = null;
  private sink: ((stream: Stream, buf: Buffer) => void) | null = null;
  private exited = false;
  /** Asked for before the process was started: applied as soon as it is. */
  private pendingKill: NodeJS.Signals | null = null;
  private pendingRelease: Buffer | null = null;
  /** Settles once the process has exited and its pipes are closed. */
  readonly closed: Promise<ExitStatus>;
  /** Its host pid, once it has started. */
  readonly started: Promise<number>;
  readonly spawnedAt = process.hrtime.bigint();

  constructor(
    readonly command: SandboxCommand,
    readonly usageFile: string | null,
    withStdin: boolean,
    /** The run's control group: everything in this sandbox is started in it. */
    readonly group: RunGroup | null = null,
  ) {
    const launching = launch(command, withStdin, group?.moves() ?? []);
    this.started = launching.then((l) => l.pid);
    this.started.catch(() => undefined);
    this.closed = launching.then(
      (launched) => this.adopt(launched),
      (err: unknown) => {
        this.exited = true;
        throw err;
      },
    );
    this.closed.catch(() => undefined); // observed by the run; a discarded sandbox has nobody waiting
    // After the run's own reactions to the end (which read the group's figures), the group goes.
    if (group) void this.closed.catch(() => undefined).then(() => setImmediate(() => void group.destroy()));
  }

  private adopt(launched: Launched): Promise<ExitStatus> {
    this.launched = launched;
    const { stdin, stdout, stderr } = launched;
    // A prepared sandbox that died has nobody reading its stdin: the write fails with EPIPE.
    stdin?.on('error', () => undefined);
    const pipes = new OutputPipes(stdout, stderr);
    this.pipes = pipes;
    if (this.sink) pipes.attach(this.sink);
    if (this.pendingKill) this.killGroup(this.pendingKill);
    if (this.pendingRelease) stdin?.end(this.pendingRelease);
    else if (this.pendingKill) stdin?.destroy();
    return launched.exit.then((status) => {
      this.exited = true;
      // Safety net: everything holding the pipes lived in the pid namespace, which is gone by now.
      const drainTimer = setTimeout(() => pipes.destroy(), PIPE_DRAIN_TIMEOUT_MS);
      return pipes.closed.then(() => {
        clearTimeout(drainTimer);
        stdin?.destroy();
        return status;
      });
    });
  }

  /** Known once the process has started. */
  get pid(): number | undefined {
    return this.launched?.pid;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Routes output to the run, starting with what arrived before. */
  attach(sink: (stream: Stream, buf: Buffer) => void): void {
    this.sink = sink;
    this.pipes?.attach(sink);
  }

  /** Opens the gate of a prepared sandbox. */
  release(payload: Buffer): void {
    if (this.launched) this.launched.stdin?.end(payload);
    else this.pendingRelease = payload;
  }

  killGroup(signal: NodeJS.Signals): void {
    if (this.exited) return;
    if (!this.launched) {
      if (this.pendingKill !== 'SIGKILL') this.pendingKill = signal;
      return;
    }
    this.launched.killGroup(signal);
  }

  get usageWrapper(): boolean {
    return this.command.usageWrapper;
  }

  /** The script's processes inside, for the graceful half of a kill (process-tree.ts). */
  gracefulTargets(): number[] {
    return this.pid === undefined ? [] : gracefulTargets(this.pid, this.command.usageWrapper);
  }

  /** Once closed: GNU time's report (null when there is none), and its file removed. */
  takeUsage(): ScriptUsage | null {
    if (!this.usageFile) return null;
    try {
      return parseUsage(readFileSync(this.usageFile, 'utf8'));
    } catch {
      return null;
    } finally {
      this.removeUsageFile();
    }
  }

  groupUsage(): RunGroupUsage | null {
    return this.group?.usage() ?? null;
  }

  removeUsageFile(): void {
    if (this.usageFile) rmSync(this.usageFile, { force: true });
  }
}
