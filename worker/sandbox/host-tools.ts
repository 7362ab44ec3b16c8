/** Host binaries the sandbox relies on, located once per process. */
import { accessSync, constants } from 'node:fs';
import { env } from '@/server/env';

export interface HostTools {
  bwrap: string | null;
  /** util-linux prlimit: applies rlimits inside the sandbox (bwrap has no rlimit flags). */
  prlimit: string | null;
  /** util-linux setpriv: drops from root to the sandbox uid inside the sandbox. */
  setpriv: string | null;
  /** GNU time: cpu time, peak RSS and exit-vs-signal of the script (optional). */
  time: string | null;
  /** coreutils env: applies loader-sensitive user variables after the privilege drop. */
  env: string | null;
  /** The system's python3 (not the operator's PYTHON_PATH): runs the spawn helper (spawn-helper.ts). */
  python3: string | null;
  /** coreutils sleep: all a holder sandbox runs (python-zygote.ts). */
  sleep: string | null;
}

function firstExecutable(candidates: string[]): string | null {
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try next
    }
  }
  return null;
}

let cached: { tools: HostTools; at: number } | undefined;
/** A missing tool may be installed while the worker runs (apt-get install bubblewrap): looked for again after this. */
const MISSING_RECHECK_MS = 10_000;

export function hostTools(): HostTools {
  if (cached && (Date.now() - cached.at < MISSING_RECHECK_MS || Object.values(cached.tools).every((t) => t !== null)))
    return cached.tools;
  cached = { tools: findTools(), at: Date.now() };
  return cached.tools;
}

function findTools(): HostTools {
  return {
    bwrap: firstExecutable(
      env().BWRAP_PATH ? [env().BWRAP_PATH!] : ['/usr/bin/bwrap', '/usr/local/bin/bwrap', '/bin/bwrap'],
    ),
    prlimit: firstExecutable(['/usr/bin/prlimit', '/bin/prlimit']),
    setpriv: firstExecutable(['/usr/bin/setpriv', '/bin/setpriv']),
    time: firstExecutable(['/usr/bin/time']),
    env: firstExecutable(['/usr/bin/env', '/bin/env']),
    python3: firstExecutable(['/usr/bin/python3', '/usr/local/bin/python3', '/bin/python3']),
    sleep: firstExecutable(['/usr/bin/sleep', '/bin/sleep']),
  };
}

/** As root we can drop to a dedicated uid inside the sandbox; otherwise bwrap uses a user namespace. */
export function isPrivilegedHost(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
