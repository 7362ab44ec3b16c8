/**
 * A python run forked into a holder sandbox (python-zygote.ts), seen as a RunningSandbox. The run is
 * over when the script's process has exited; the holder is then killed, which ends whatever the
 * script left running in its pid namespace (and so closes output pipes such processes still hold).
 */
import type { Stream } from './output-pipes';
import { descendants } from './process-tree';
import type { ForkedExit, ForkedScript } from './python-zygote';
import type { ExitStatus, RunningSandbox, SandboxProcess } from './sandbox-process';
import type { ScriptUsage } from './usage';
import type { RunGroupUsage } from './cgroups';

/** After the holder is gone its pipes close at once; never wait longer than this. */
const PIPE_DRAIN_TIMEOUT_MS = 5000;

export class ForkedRun implements RunningSandbox {
  readonly usageWrapper = false;
  readonly closed: Promise<ExitStatus>;
  private exited: ForkedExit | null = null;

  constructor(
    private readonly holder: SandboxProcess,
    private readonly script: ForkedScript,
  ) {
    // Ended once the script has exited and its output is in. The holder goes down meanwhile; its uid
    // and directory wait for that (SandboxLauncher), the run's result does not.
    this.closed = script.exit.then(async (exit) => {
      this.exited = exit;
      holder.killGroup('SIGKILL');
      const drainTimer = setTimeout(() => script.pipes.destroy(), PIPE_DRAIN_TIMEOUT_MS);
      await script.pipes.closed;
      clearTimeout(drainTimer);
      return { code: exit.code, signal: null };
    });
  }

  get alive(): boolean {
    return this.exited === null;
  }

  attach(sink: (stream: Stream, buf: Buffer) => void): void {
    this.script.pipes.attach(sink);
  }

  /** SIGKILL ends the holder: its pid namespace, the script's process with it, goes down. */
  killGroup(signal: NodeJS.Signals): void {
    if (signal === 'SIGKILL') this.holder.killGroup(signal);
    else this.signalScript(signal);
  }

  /** The script and everything it started: its descendants, and orphans the holder's init adopted. */
  gracefulTargets(): number[] {
    if (!this.alive) return [];
    const orphans = descendants(this.script.init)
      .filter((p) => p.innerPid !== 2)
      .map((p) => p.pid);
    return [this.script.pid, ...descendants(this.script.pid).map((p) => p.pid), ...orphans];
  }

  groupUsage(): RunGroupUsage | null {
    return this.holder.groupUsage();
  }

  takeUsage(): ScriptUsage | null {
    const e = this.exited;
    if (!e) return null;
    return { exitCode: e.code ?? 0, signal: e.signal, cpuTimeMs: e.cpuMs, peakMemoryBytes: e.rssKb * 1024 };
  }

  private signalScript(signal: NodeJS.Signals): void {
    for (const pid of this.gracefulTargets()) {
      try {
        process.kill(pid, signal);
      } catch {
        // exited meanwhile
      }
    }
  }
}
