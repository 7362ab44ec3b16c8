/**
 * How an attempt ended, as the execution lifecycle sees it. Pure: the worker's sandbox result fits
 * `SandboxEnd` as it is (server/ never imports the worker).
 */
export type AttemptStatus = 'succeeded' | 'failed' | 'timed_out' | 'cancelled';

export interface SandboxEnd {
  /** killed = died from a signal we did not send (memory limit, SIGXCPU, SIGXFSZ, OOM killer...). */
  outcome: 'exited' | 'timed_out' | 'cancelled' | 'killed';
  exitCode: number | null;
  signal: string | null;
  resultError?: string;
  peakMemoryBytes: number | null;
  memoryLimitHit?: boolean;
}

/** Every way a sandboxed run can end, mapped to an execution status and a readable error. */
export function classifyOutcome(r: SandboxEnd, timeoutSeconds: number): { status: AttemptStatus; error: string | null } {
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
  switch (status) {
    case 'failed':
      return true;
    case 'succeeded':
    case 'timed_out':
    case 'cancelled':
      return false;
  }
}
