import { describe, expect, it } from 'vitest';
import { classifyOutcome, isRetryable, type AttemptStatus, type SandboxEnd } from './attempt-outcome';

const base: SandboxEnd = { outcome: 'exited', exitCode: 0, signal: null, peakMemoryBytes: 8 * 1024 * 1024 };

describe('classifyOutcome', () => {
  it('names a kill by the run memory limit as such, with the peak', () => {
    const r = classifyOutcome(
      {
        ...base,
        outcome: 'killed',
        exitCode: null,
        signal: 'SIGKILL',
        memoryLimitHit: true,
        peakMemoryBytes: 128 * 1024 * 1024,
      },
      60,
    );
    expect(r).toEqual({
      status: 'failed',
      error: {
        code: 'execution.memory_limit_peak',
        params: { peak_mb: 128 },
        message: 'memory limit: the run used all the memory it may use and was killed; peak 128 MB',
      },
    });
  });

  it('does not blame the memory limit for a SIGKILL it did not cause', () => {
    const r = classifyOutcome(
      { ...base, outcome: 'killed', exitCode: null, signal: 'SIGKILL', memoryLimitHit: false },
      60,
    );
    expect(r.error?.message).toBe('killed by SIGKILL (the CPU time limit, or a process outside the run)');
    const cpu = classifyOutcome({ ...base, outcome: 'killed', exitCode: null, signal: 'SIGXCPU' }, 60);
    expect(cpu.error).toMatchObject({
      code: 'execution.killed_cpu',
      message: 'killed by SIGXCPU (CPU time limit reached)',
    });
  });

  it.each([
    [{ ...base }, 'succeeded', null],
    [{ ...base, resultError: 'not JSON' }, 'succeeded', 'result file ignored: not JSON'],
    [{ ...base, exitCode: 3 }, 'failed', 'exited with code 3'],
    [
      { ...base, outcome: 'timed_out', exitCode: null },
      'timed_out',
      'timed out after 60 s; the process group was killed',
    ],
    [{ ...base, outcome: 'cancelled', exitCode: null }, 'cancelled', 'cancelled while running'],
    [
      { ...base, outcome: 'killed', exitCode: null, signal: 'SIGSEGV' },
      'failed',
      'killed by SIGSEGV (crashed; possibly out of memory)',
    ],
    [{ ...base, outcome: 'killed', exitCode: null, signal: null }, 'failed', 'killed by a signal'],
  ] as Array<[SandboxEnd, AttemptStatus, string | null]>)('%o → %s', (end, status, error) => {
    const r = classifyOutcome(end, 60);
    expect(r.status).toBe(status);
    expect(r.error?.message ?? null).toBe(error);
  });
});

describe('isRetryable', () => {
  const table = [
    ['failed', true],
    ['succeeded', false],
    ['timed_out', false],
    ['cancelled', false],
  ] as const;
  it.each(table)('%s → %s', (s, r) => {
    expect(isRetryable(s)).toBe(r);
  });
});
