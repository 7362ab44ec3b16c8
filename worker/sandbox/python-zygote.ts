/**
 * Python runs forked from a warm interpreter into a holder sandbox (python-zygote.py says how and
 * why). One zygote per interpreter, started when the first prepared python sandbox is wanted; until
 * it is ready, or where it cannot be used (a worker that is not root, an interpreter installation
 * that someone other than root can change), prepared python sandboxes start their own interpreter.
 * The zygote runs as root, so before it is started the interpreter's installation is checked
 * (interpreter-trust.ts), in the background.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants as fsc, openSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { logger } from '@/server/log/logger';
import { buildScriptEnv } from './conventions';
import { OutputPipes } from './output-pipes';
import { isPrivilegedHost } from './host-tools';
import { readJsonLines } from './json-lines';
import { untrustedInstallation } from './interpreter-trust';
import { seccompFilterFile } from './seccomp';

const ZYGOTE_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'python-zygote.py');
/** Runs the zygote as `__main__`; '' (the cwd, which -c puts first) leaves the import path. */
const BOOTSTRAP = "import sys; sys.path.pop(0); f = sys.argv[1]; exec(compile(open(f, 'rb').read(), f, 'exec'))";

export interface ForkRequest {
  /** Host pid of the holder sandbox's outer bwrap. */
  holder: number;
  uid: number;
  /** [RLIMIT_* name, soft, hard]; -1 = unlimited. */
  limits: Array<[string, number, number]>;
  /** cgroup.procs files of the run's control groups, joined before the script's process is forked. */
  cgroups: string[];
  script: string;
  cwd: string;
}

export interface ForkedExit {
  code: number | null;
  signal: number | null;
  cpuMs: number;
  rssKb: number;
}

/** The run's process: host pid, output pipes and how it ended. */
export interface ForkedScript {
  pid: number;
  /** Host pid of the holder's init (pid 1 of the namespace the script runs in). */
  init: number;
  pipes: OutputPipes;
  exit: Promise<ForkedExit>;
}

type Message =
  | { ready: true }
  | { id: number; fds: [number, number, number] }
  | { id: number; pid: number; init: number }
  | { id: number; error: string }
  | { id: number; exit: { code: number | null; signal: number | null; cpu_ms: number; rss_kb: number } };

interface Pending {
  /** The run's environment, written into the pipe that only its own process reads. */
  env: Buffer;
  pipes?: OutputPipes;
  started?: (s: ForkedScript) => void;
  failed?: (e: Error) => void;
  exited: (e: ForkedExit) => void;
  exit: Promise<ForkedExit>;
}

const START_TIMEOUT_MS = 10_000;
const KILLED: ForkedExit = { code: null, signal: 9, cpuMs: 0, rssKb: 0 };

class Zygote {
  state: 'starting' | 'ready' | 'gone' = 'starting';
  readonly ready: Promise<boolean>;
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly runs = new Map<number, Pending>();
  private onReady!: (ok: boolean) => void;

  constructor(readonly interpreter: string) {
    this.ready = new Promise((resolve) => (this.onReady = resolve));
    // The environment a script's interpreter starts with (gate.ts startupSensitive: runs that
    // change it never come here).
    const env = buildScriptEnv({ language: 'python', interpreter, env: {}, input: {} }).early;
    this.child = spawn(
      interpreter,
      ['-S', '-s', '-c', BOOTSTRAP, ZYGOTE_SCRIPT, String(process.pid), seccompFilterFile() ?? ''],
      {
        cwd: '/',
        env: Object.fromEntries(env) as NodeJS.ProcessEnv,
        stdio: ['pipe', 'pipe', 'inherit'],
        detached: true, // own process group: a terminal's Ctrl-C does not reach its runs (spawn-helper.ts)
      },
    );
    this.child.stdin!.on('error', () => undefined);
    readJsonLines<Message>(
      this.child.stdout!,
      (m) => this.onMessage(m),
      () => this.idle(),
    );
    this.child.on('error', () => this.gone());
    this.child.on('exit', () => this.gone());
  }

  fork(req: ForkRequest, env: Buffer): Promise<ForkedScript> {
    if (this.state !== 'ready') return Promise.reject(new Error('python zygote is not running'));
    const id = this.nextId++;
    let exited!: (e: ForkedExit) => void;
    const exit = new Promise<ForkedExit>((resolve) => (exited = resolve));
    return new Promise((started, failed) => {
      this.runs.set(id, { env, started, failed, exited, exit });
      this.send({ op: 'run', id, ...req });
      this.busy();
      // A start that hangs is given up (the caller discards the holder, and whatever is in it).
      setTimeout(() => {
        if (this.runs.get(id)?.started) this.settle(id, new Error('python zygote did not start the run within 10 s'));
      }, START_TIMEOUT_MS).unref();
    });
  }

  stop(): void {
    this.child.stdin!.end();
  }

  private send(message: object): void {
    this.child.stdin!.write(`${JSON.stringify(message)}\n`);
  }

  private onMessage(m: Message): void {
    if ('ready' in m) {
      this.state = 'ready';
      this.onReady(true);
      return;
    }
    const run = this.runs.get(m.id);
    if (!run) return;
    if ('fds' in m) {
      try {
        const open = (n: number) =>
          new net.Socket({
            fd: openSync(`/proc/${this.child.pid}/fd/${n}`, fsc.O_RDONLY | fsc.O_NONBLOCK),
            readable: true,
            writable: false,
          });
        run.pipes = new OutputPipes(open(m.fds[0]), open(m.fds[1]));
        const envPipe = new net.Socket({
          fd: openSync(`/proc/${this.child.pid}/fd/${m.fds[2]}`, fsc.O_WRONLY | fsc.O_NONBLOCK),
          readable: false,
          writable: true,
        });
        envPipe.on('error', () => undefined); // the run's process died before reading it: its exit says why
        envPipe.end(run.env);
      } catch (err) {
        this.settle(m.id, err as Error);
      } finally {
        this.send({ op: 'release', id: m.id });
      }
    } else if ('error' in m) {
      this.settle(m.id, new Error(m.error));
    } else if ('pid' in m) {
      const { started } = run;
      run.started = run.failed = undefined;
      if (run.pipes) started?.({ pid: m.pid, init: m.init, pipes: run.pipes, exit: run.exit });
    } else {
      this.runs.delete(m.id);
      run.exited({ code: m.exit.code, signal: m.exit.signal, cpuMs: m.exit.cpu_ms, rssKb: m.exit.rss_kb });
    }
  }

  /** A run that did not start: its pipes are closed and its caller told. */
  private settle(id: number, err: Error): void {
    const run = this.runs.get(id);
    if (!run) return;
    this.runs.delete(id);
    run.pipes?.destroy();
    run.failed?.(err);
    run.exited(KILLED);
  }

  /** Its forked runs die with it (their parent-death signals): reported as killed. */
  private gone(): void {
    if (this.state === 'gone') return;
    this.state = 'gone';
    this.onReady(false);
    for (const id of [...this.runs.keys()]) this.settle(id, new Error('python zygote exited'));
    if (zygotes.get(this.interpreter) === this) zygotes.delete(this.interpreter);
  }

  private busy(): void {
    this.child.ref();
    (this.child.stdout as net.Socket).ref();
  }

  private idle(): void {
    if (this.runs.size > 0 || this.state === 'starting') return;
    this.child.unref();
    (this.child.stdout as net.Socket).unref();
  }
}

const zygotes = new Map<string, Zygote>();
/** Interpreters whose installation failed the zygote's check: never tried again by this worker. */
const refused = new Set<string>();
let enabled = true;

/** SANDBOX_PYTHON_ZYGOTE: the worker runtime sets it once at start. */
export function usePythonZygote(on: boolean): void {
  enabled = on;
  if (!on) stopPythonZygotes();
}

export function stopPythonZygotes(): void {
  for (const z of zygotes.values()) z.stop();
  zygotes.clear();
}

/**
 * The interpreter's zygote when it is ready to fork runs; otherwise null, and it is started in the
 * background (only for a root worker: entering a sandbox's namespaces takes root).
 */
export function readyZygote(interpreter: string): Zygote | null {
  if (!enabled || !isPrivilegedHost() || refused.has(interpreter)) return null;
  let z = zygotes.get(interpreter);
  if (!z) {
    if (!trusted.has(interpreter)) {
      checkInstallation(interpreter);
      return null;
    }
    z = new Zygote(interpreter);
    zygotes.set(interpreter, z);
  }
  return z.state === 'ready' ? z : null;
}

const checking = new Map<string, Promise<void>>();
/** Interpreters whose installation passed the check. */
const trusted = new Set<string>();

function checkInstallation(interpreter: string): Promise<void> {
  let check = checking.get(interpreter);
  if (!check) {
    check = untrustedInstallation(interpreter).then((reason) => {
      if (reason === null) {
        trusted.add(interpreter);
        readyZygote(interpreter); // started now, so it is warm by the next prepared sandbox
      } else {
        refused.add(interpreter);
        logger().warn(
          { interpreter, reason },
          'python runs start their own interpreter: the warm one would run as root',
        );
      }
    });
    checking.set(interpreter, check);
  }
  return check;
}

/** Resolves true once the interpreter's zygote can fork runs (false if it cannot be used). */
export async function zygoteReady(interpreter: string): Promise<boolean> {
  if (!enabled || !isPrivilegedHost()) return false;
  await checkInstallation(interpreter);
  readyZygote(interpreter);
  return zygotes.get(interpreter)?.ready ?? false;
}

export type { Zygote };
