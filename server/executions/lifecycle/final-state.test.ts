import { describe, expect, it } from 'vitest';
import { finalStateOf, type EndedAttempt } from './final-state';

const claimed = new Date('2026-01-01T00:00:00.000Z');
const finishedAt = new Date('2026-01-01T00:00:02.500Z');
const base: EndedAttempt = {
  attempt: 2,
  startedAt: claimed,
  status: 'succeeded',
  error: null,
  errorCode: null,
  errorParams: null,
  logBytes: 42,
  workerId: 'w1',
  finishedAt,
  measures: {
    exitCode: 0,
    result: { ok: true },
    durationMs: 1234.6,
    cpuTimeMs: 10.4,
    peakMemoryBytes: 1024.5,
    truncated: true,
  },
};

describe('finalStateOf', () => {
  it('rounds what the sandbox measured and writes the result as JSON text', () => {
    const { execution, attempt } = finalStateOf(base);
    expect(execution).toEqual({
      status: 'succeeded',
      exitCode: 0,
      resultJson: '{"ok":true}',
      error: null,
      errorCode: null,
      errorParamsJson: null,
      finishedAt,
      durationMs: 1235,
      cpuTimeMs: 10,
      peakMemoryBytes: 1025,
      addLogBytes: 42,
      logTruncated: 1,
    });
    expect(attempt).toEqual({
      attempt: 2,
      status: 'succeeded',
      exitCode: 0,
      error: null,
      errorCode: null,
      errorParams: null,
      workerId: 'w1',
      startedAt: claimed,
      finishedAt,
      durationMs: 1235,
    });
  });

  it('without a sandbox result: no measures, the duration from the claim', () => {
    const { execution, attempt } = finalStateOf({
      ...base,
      status: 'failed',
      error: 'internal error',
      errorCode: 'execution.internal',
      errorParams: { detail: 'x' },
      measures: null,
    });
    expect(execution.errorParamsJson).toBe('{"detail":"x"}');
    expect(execution).toMatchObject({
      exitCode: null,
      resultJson: null,
      durationMs: 2500,
      cpuTimeMs: null,
      peakMemoryBytes: null,
      logTruncated: 0,
    });
    expect(attempt).toMatchObject({
      status: 'failed',
      error: 'internal error',
      errorCode: 'execution.internal',
      errorParams: { detail: 'x' },
      durationMs: 2500,
    });
  });

  it('a result of null is stored as JSON null; no result file is no result', () => {
    expect(finalStateOf({ ...base, measures: { ...base.measures!, result: null } }).execution.resultJson).toBe('null');
    const none = finalStateOf({ ...base, measures: { ...base.measures!, result: undefined } });
    expect(none.execution.resultJson).toBeNull();
  });

  it('never claimed (no start time): the attempt starts and ends at the finish, lasting 0 ms', () => {
    const { attempt } = finalStateOf({ ...base, startedAt: null, measures: null });
    expect(attempt).toMatchObject({ startedAt: finishedAt, durationMs: 0 });
  });
});
