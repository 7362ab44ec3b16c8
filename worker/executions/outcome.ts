import type { SandboxResult } from '@/worker/sandbox/run-sandboxed';

export type AttemptStatus = 'succeeded' | 'failed' | 'timed_out' | 'cancelled';

/** Every way a sandboxed run can end, mapped to an execution status and a readable error. */
export function classifyOutcome(r: SandboxResult, timeoutSeconds: number): { status: AttemptStatus; error: string | null } {
  switch (r.outcome) {
    case 'exited':
      if (r.exitCode === 0) return { status: 'succeeded', error: r.resultError ? `result file ignored: ${r.resultError}` : null };
      return { status: 'failed', error: `exited with code ${r.exitCode}` };
    case 'timed_out':
      return { status: 'timed_out', error: `timed out after ${timeoutSeconds} s; the process group was killed` };
    case 'cancelled':
      return { status: 'cancelled', error: 'cancelled while running' };
    case 'killed':
      if (r.memoryLimitHit) {
        const peak = r.peakMemoryBytes === null ? '' : `; peak ${Math.round(r.peakMemoryBytes / 1024 / 1024)} MB`;
        return { status: 'failed', error: `memory limit: the run used all the memory it may use and was killed${peak}` };
      }
      return { status: 'failed', error: `killed by ${r.signal ?? 'a signal'}${killHint(r.signal)}` };
  }
}

function killHint(signal: string | null): string {
  switch (signal) {
    case 'SIGXCPU': return ' (CPU time limit reached)';
    case 'SIGXFSZ': return ' (file size limit reached)';
    case 'SIGKILL': return ' (the CPU time limit, or a process outside the run)';
    case 'SIGSEGV': case 'SIGABRT': return ' (crashed; possibly out of memory)';
    default: return '';
  }
}

/** Only plain failures are retried; a timeout or a cancel is deliberate and final. */
export function isRetryable(status: AttemptStatus): boolean {
  return status === 'failed';
}
