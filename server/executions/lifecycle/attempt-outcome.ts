import { coded, type CodedMessage, type MessageCode } from '@/server/messages/messages.shared';

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

/** How an attempt ended; `error` is a message code with parameters and its English text. */
export interface AttemptEnd {
  status: AttemptStatus;
  error: CodedMessage | null;
}

/** Every way a sandboxed run can end, mapped to an execution status and a readable error. */
export function classifyOutcome(r: SandboxEnd, timeoutSeconds: number): AttemptEnd {
  switch (r.outcome) {
    case 'exited':
      if (r.exitCode === 0)
        return {
          status: 'succeeded',
          error: r.resultError ? coded('execution.result_ignored', { detail: r.resultError }) : null,
        };
      return { status: 'failed', error: coded('execution.exit_code', { exit: r.exitCode ?? -1 }) };
    case 'timed_out':
      return { status: 'timed_out', error: coded('execution.timed_out', { seconds: timeoutSeconds }) };
    case 'cancelled':
      return { status: 'cancelled', error: coded('execution.cancelled_running') };
    case 'killed':
      if (r.memoryLimitHit) {
        if (r.peakMemoryBytes === null) return { status: 'failed', error: coded('execution.memory_limit') };
        return {
          status: 'failed',
          error: coded('execution.memory_limit_peak', { peak_mb: Math.round(r.peakMemoryBytes / 1024 / 1024) }),
        };
      }
      if (!r.signal) return { status: 'failed', error: coded('execution.killed_unknown') };
      return { status: 'failed', error: coded(killCode(r.signal), { signal: r.signal }) };
  }
}

function killCode(signal: string): MessageCode {
  switch (signal) {
    case 'SIGXCPU':
      return 'execution.killed_cpu';
    case 'SIGXFSZ':
      return 'execution.killed_file_size';
    case 'SIGKILL':
      return 'execution.killed_kill';
    case 'SIGSEGV':
    case 'SIGABRT':
      return 'execution.killed_crash';
    default:
      return 'execution.killed';
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
