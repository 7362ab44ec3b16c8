import type { AttemptStatus } from './attempt-outcome';

/** What the sandbox measured of an attempt (null: it never ran). */
export interface AttemptMeasures {
  exitCode: number | null;
  /** The script's result, already masked; undefined when it wrote none. */
  result?: unknown;
  durationMs: number;
  cpuTimeMs: number | null;
  peakMemoryBytes: number | null;
  truncated: boolean;
}

export interface EndedAttempt {
  attempt: number;
  startedAt: Date | null;
  status: AttemptStatus;
  error: string | null;
  measures: AttemptMeasures | null;
  /** Log bytes this attempt stored. */
  logBytes: number;
  workerId: string;
  finishedAt: Date;
}

/**
 * The values an ended attempt writes: the execution's final columns and its attempt row. Pure, so
 * the rounding and the fallbacks (no sandbox result: duration from the claim) are tested without
 * a database; the worker binds them into one statement.
 */
export function finalStateOf(a: EndedAttempt) {
  const startedAt = a.startedAt ?? a.finishedAt;
  const durationMs = Math.round(a.measures?.durationMs ?? a.finishedAt.getTime() - startedAt.getTime());
  const round = (v: number | null | undefined) => (v == null ? null : Math.round(v));
  return {
    execution: {
      status: a.status,
      exitCode: a.measures?.exitCode ?? null,
      /** JSON text, or null when the script wrote no result. */
      resultJson: a.measures?.result === undefined ? null : JSON.stringify(a.measures.result),
      error: a.error,
      finishedAt: a.finishedAt,
      durationMs,
      cpuTimeMs: round(a.measures?.cpuTimeMs),
      peakMemoryBytes: round(a.measures?.peakMemoryBytes),
      addLogBytes: a.logBytes,
      logTruncated: a.measures?.truncated ? 1 : 0,
    },
    attempt: {
      attempt: a.attempt,
      status: a.status,
      exitCode: a.measures?.exitCode ?? null,
      error: a.error,
      workerId: a.workerId,
      startedAt,
      finishedAt: a.finishedAt,
      durationMs,
    },
  };
}
