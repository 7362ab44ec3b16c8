/**
 * Who forks the sandboxes. Node's spawn forks the whole worker (libuv uses fork(), not vfork): the
 * kernel copies the page tables of a few hundred MB for every child, 3–10 ms of CPU per spawn on our
 * 2-core VMs — more than the sandbox itself costs. A small Python process started once does the
 * spawning instead (posix_spawn, ~0.2 ms; spawn-helper.py); the worker opens each child's pipes
 * through /proc/<helper>/fd, so output flows from the sandbox straight to the worker, never through
 * the helper. It is the only way sandboxes are started: it also places each child in its run's
 * control groups before it runs (cgroups.ts) and opens the seccomp filter for bwrap.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants as fsc, openSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { SandboxCommand } from './argv';
import { hostTools } from './host-tools';
import { readJsonLines } from './json-lines';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A started process: its pid, pipes and the status it will exit with. */
export interface Launched {
  pid: number;
  stdin: Writable | null;
  stdout: Readable;
  stderr: Readable;
  exit: Promise<ExitStatus>;
  /** Signals its process group, never once it has been reaped (its pid may be reused then). */
  killGroup: (signal: NodeJS.Signals) => void;
}

const HELPER_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'spawn-helper.py');

export function signalName(signo: number): NodeJS.Signals {
  const entry = Object.entries(os.constants.signals).find(([, n]) => n === signo);
  return (entry ? entry[0] : `SIG${signo}`) as NodeJS.Signals;
}

type HelperMessage =
  | { exit: number; code: number | null; signal: number | null }
  | { id: number; pid: number; fds: [number | null, number, number] }
  | { id: number; error: string; errno: number };

class SpawnHelper {
  private readonly child: ChildProcess;
  private nextId = 1;
  private outbox: string[] | null = null;
  private readonly waiting = new Map<number, { resolve: (l: Launched) => void; reject: (e: Error) => void }>();
  private readonly exits = new Map<number, (s: ExitStatus) => void>();
  private dead = false;

  constructor(python: string) {
    this.child = spawn(python, ['-I', '-S', HELPER_SCRIPT, String(process.pid)], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: {} as NodeJS.ProcessEnv,
      // Its own process group: a terminal's Ctrl-C (SIGINT to the whole foreground group) must not
      // kill the runs under it; the worker hands them back. It still dies with the worker (PDEATHSIG).
      detached: true,
    });
    this.child.stdin!.on('error', () => undefined);
    readJsonLines<HelperMessage>(
      this.child.stdout!,
      (m) => this.onMessage(m),
      () => this.idle(),
    );
    this.child.on('error', () => this.fail());
    this.child.on('exit', () => this.fail());
    this.idle();
  }

  launch(command: SandboxCommand, withStdin: boolean, cgroups: CgroupMove[]): Promise<Launched> {
    if (this.dead) return Promise.reject(new Error('sandbox spawn helper is not running'));
    const id = this.nextId++;
    this.send({
      op: 'spawn',
      id,
      file: command.file,
      args: command.args,
      env: command.env,
      stdin: withStdin,
      open: command.openFds,
      cgroups,
    });
    this.busy();
    return new Promise((resolve, reject) => this.waiting.set(id, { resolve, reject }));
  }

  /** Closing its stdin makes the helper kill whatever it still runs and exit. */
  stop(): void {
    this.child.stdin!.end();
  }

  /** Messages of one tick leave in one write (a syscall costs more than the JSON on these VMs). */
  private send(message: object): void {
    if (!this.outbox) {
      this.outbox = [];
      process.nextTick(() => {
        const lines = this.outbox!;
        this.outbox = null;
        this.child.stdin!.write(lines.join(''));
      });
    }
    this.outbox.push(`${JSON.stringify(message)}\n`);
  }

  private onMessage(m: HelperMessage): void {
    if ('exit' in m) {
      const done = this.exits.get(m.exit);
      this.exits.delete(m.exit);
      done?.({ code: m.code, signal: m.signal === null ? null : signalName(m.signal) });
      return;
    }
    const waiter = this.waiting.get(m.id);
    this.waiting.delete(m.id);
    if (!waiter) return;
    if ('error' in m) {
      waiter.reject(Object.assign(new Error(m.error), { errno: m.errno }));
      return;
    }
    // Registered before the next line is read: the helper reports an exit only after this reply.
    const exit = new Promise<ExitStatus>((resolve) => this.exits.set(m.pid, resolve));
    try {
      const fd = (n: number) => `/proc/${this.child.pid}/fd/${n}`;
      const stdout = new net.Socket({
        fd: openSync(fd(m.fds[1]), fsc.O_RDONLY | fsc.O_NONBLOCK),
        readable: true,
        writable: false,
      });
      const stderr = new net.Socket({
        fd: openSync(fd(m.fds[2]), fsc.O_RDONLY | fsc.O_NONBLOCK),
        readable: true,
        writable: false,
      });
      const killGroup = (signal: NodeJS.Signals) =>
        this.send({ op: 'kill', pid: m.pid, signal: os.constants.signals[signal] });
      waiter.resolve({
        pid: m.pid,
        stdin: m.fds[0] === null ? null : openStdin(fd(m.fds[0])),
        stdout,
        stderr,
        exit,
        killGroup,
      });
    } catch (err) {
      waiter.reject(err as Error);
    } finally {
      this.send({ op: 'release', id: m.id });
    }
  }

  /** Everything it started dies with it (bwrap --die-with-parent): report them as killed. */
  private fail(): void {
    if (this.dead) return;
    this.dead = true;
    const gone = new Error('sandbox spawn helper exited');
    for (const w of this.waiting.values()) w.reject(gone);
    for (const done of this.exits.values()) done({ code: null, signal: 'SIGKILL' });
    this.waiting.clear();
    this.exits.clear();
    if (helper === this) helper = undefined;
  }

  // The helper keeps the worker alive only while it has something to report.
  private busy(): void {
    this.child.ref();
    (this.child.stdout as net.Socket).ref();
  }

  private idle(): void {
    if (this.waiting.size > 0 || this.exits.size > 0) return;
    this.child.unref();
    (this.child.stdout as net.Socket).unref();
  }
}

/** A sandbox that died before its gate was opened has no reader: writing to it is pointless. */
function openStdin(file: string): Writable | null {
  try {
    return new net.Socket({ fd: openSync(file, fsc.O_WRONLY | fsc.O_NONBLOCK), readable: false, writable: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENXIO') return null;
    throw err;
  }
}

/** [the run's cgroup.procs, the helper's own cgroup.procs] per hierarchy (cgroups.ts). */
export type CgroupMove = [string, string];

let helper: SpawnHelper | undefined;

export function stopSpawnHelper(): void {
  helper?.stop();
  helper = undefined;
}

/**
 * Starts `command` in its own process group, in the given control groups, with piped stdout/stderr
 * (and stdin when asked).
 */
export function launch(command: SandboxCommand, withStdin: boolean, cgroups: CgroupMove[] = []): Promise<Launched> {
  if (!helper) {
    // Started with -I -S: its start-up depends on neither PYTHON_PATH nor any site packages.
    const python = hostTools().python3;
    if (!python)
      return Promise.reject(new Error('the system python3 (/usr/bin/python3) that starts sandboxes was not found'));
    helper = new SpawnHelper(python);
  }
  return helper.launch(command, withStdin, cgroups);
}
