import { describe, expect, it } from 'vitest';
import type { SandboxResult } from '@/worker/sandbox/run-sandboxed';
import { classifyOutcome } from './outcome';

const base: SandboxResult = {
  outcome: 'exited', exitCode: 0, signal: null, result: undefined, durationMs: 10, cpuTimeMs: 5, peakMemoryBytes: 8 * 1024 * 1024, truncated: false, outputBytes: 0,
};

describe('classifyOutcome', () => {
  it('names a kill by the run memory limit as such, with the peak', () => {
    const r = classifyOutcome({ ...base, outcome: 'killed', exitCode: null, signal: 'SIGKILL', memoryLimitHit: true, peakMemoryBytes: 128 * 1024 * 1024 }, 60);
    expect(r).toEqual({
      status: 'failed',
      error: { code: 'execution.memory_limit_peak', params: { peak_mb: 128 }, message: 'memory limit: the run used all the memory it may use and was killed; peak 128 MB' },
    });
  });

  it('does not blame the memory limit for a SIGKILL it did not cause', () => {
    const r = classifyOutcome({ ...base, outcome: 'killed', exitCode: null, signal: 'SIGKILL', memoryLimitHit: false }, 60);
    expect(r.error?.message).toBe('killed by SIGKILL (the CPU time limit, or a process outside the run)');
    expect(classifyOutcome({ ...base, outcome: 'killed', exitCode: null, signal: 'SIGXCPU' }, 60).error?.message).toBe('killed by SIGXCPU (CPU time limit reached)');
  });
});
