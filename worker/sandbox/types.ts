/** Public types of the sandboxed runner (re-exported by run-sandboxed.ts). */

export interface SandboxLimits {
  /**
   * Memory of the whole run, bytes: its control group's limit (page cache and tmpfs included), or
   * RLIMIT_AS (virtual address space) per process where the host gives no control groups.
   */
  memoryBytes: number;
  /** RLIMIT_CPU per process, seconds (rounded up; SIGXCPU at the limit, SIGKILL one second later). */
  cpuSeconds: number;
  /** Processes+threads of the run: its control group's pids.max, and RLIMIT_NPROC of its uid. */
  maxProcesses: number;
  /** RLIMIT_NOFILE. */
  maxOpenFiles: number;
  /** RLIMIT_FSIZE: largest file a process may write, bytes. */
  maxFileSizeBytes: number;
}

export interface SandboxOutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
  at: Date;
}

export interface SandboxSpec {
  language: 'python' | 'bash';
  /** Real path of python3 or bash (see server/runtime/interpreters.ts). */
  interpreter: string;
  /** Script source. */
  content: string;
  /** Fresh, absolute directory created by the caller; the runner writes script + input.json there. */
  workDir: string;
  /** Written to <workDir>/input.json and exposed as PARAM_<NAME> env vars. */
  input: Record<string, unknown>;
  /** User environment variables; only these + a minimal PATH/HOME/LANG reach the script. */
  env: Record<string, string>;
  allowNetwork: boolean;
  timeoutMs: number;
  /** Grace between SIGTERM and SIGKILL on timeout/cancel. Default 2000. */
  killGraceMs?: number;
  limits: SandboxLimits;
  /** Cap of output delivered to onOutput (stdout+stderr together), bytes. */
  maxLogBytes: number;
  onOutput: (chunk: SandboxOutputChunk) => void;
  /** Abort = cancel. */
  signal?: AbortSignal;
  /** The worker's storage root (database files, run dirs...). Its parent directory is hidden. */
  storageDir?: string;
  /** Extra host directories to hide (tmpfs over them) inside the sandbox. */
  hiddenPaths?: string[];
  /**
   * Host uid/gid the script runs as when the worker is root. Default 65534 (nobody). RLIMIT_NPROC is
   * counted per uid system-wide, so concurrent sandboxes sharing a uid share maxProcesses.
   */
  runAsUid?: number;
  /** Size of the /tmp (and /dev/shm) tmpfs inside the sandbox, bytes. Default: limits.memoryBytes. */
  tmpSizeBytes?: number;
  /**
   * Wrap the script in GNU time (cpuTimeMs, peakMemoryBytes, exit-vs-signal). Default true; false
   * saves one fork+exec (~1 ms idle, ~3 ms on a loaded host) and reports null figures.
   */
  measureUsage?: boolean;
  /**
   * Granted host resources (issue #25, server/host-resources), each bound at its own path: read-write
   * or read-only for directories, files and sockets, --dev-bind for devices. Checked against the host
   * by host-binds.ts when the command line is built.
   */
  hostBinds?: Array<{ path: string; kind: 'directory' | 'file' | 'socket' | 'device'; writable: boolean }>;
}

export type SandboxOutcome = 'exited' | 'timed_out' | 'cancelled' | 'killed';

export interface SandboxResult {
  /** killed = died from a signal we did not send (memory limit, SIGXCPU, SIGXFSZ, OOM killer...). */
  outcome: SandboxOutcome;
  exitCode: number | null;
  signal: string | null;
  /** Parsed JSON written by the script to $VSS_RESULT_FILE; undefined if absent. */
  result: unknown | undefined;
  /** Set when the result file exists but is invalid JSON / too big / not a regular file. */
  resultError?: string;
  durationMs: number;
  cpuTimeMs: number | null;
  peakMemoryBytes: number | null;
  truncated: boolean;
  /** Total bytes the script wrote to stdout+stderr (including bytes discarded after truncation). */
  outputBytes: number;
  /** The run's control group hit its memory limit and the kernel killed a process of it. */
  memoryLimitHit?: boolean;
}

/** What fixes a sandbox before its run is known: the parts of SandboxSpec a prepared sandbox is started with. */
export type PreparedSandboxSpec = Pick<
  SandboxSpec,
  'language' | 'interpreter' | 'workDir' | 'allowNetwork' | 'limits'
> &
  Partial<Pick<SandboxSpec, 'storageDir' | 'hiddenPaths' | 'runAsUid' | 'tmpSizeBytes' | 'measureUsage' | 'hostBinds'>>;
