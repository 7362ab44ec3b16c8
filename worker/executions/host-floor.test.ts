// The host's floors, read from the real /proc/meminfo and the real filesystem.
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { availableMemoryBytes, freeDiskBytes, hostShortage } from './host-floor';

describe('host floors', () => {
  it('reads memory available and free disk from the host', () => {
    const memory = availableMemoryBytes();
    expect(memory).toBeGreaterThan(0);
    expect(memory).toBeLessThanOrEqual(os.totalmem());
    expect(freeDiskBytes(os.tmpdir())).toBeGreaterThan(0);
    expect(freeDiskBytes('/nonexistent/dir')).toBeNull();
  });

  it('names the resource the host is short of, and nothing while above both floors', () => {
    const storageDir = os.tmpdir();
    expect(hostShortage({ minFreeMemoryBytes: 0, minFreeDiskBytes: 0, storageDir })).toBeNull();
    expect(hostShortage({ minFreeMemoryBytes: os.totalmem() * 2, minFreeDiskBytes: 0, storageDir })).toMatch(
      /^host memory available \d+ MB is below SANDBOX_MIN_FREE_MEMORY_MB/,
    );
    expect(hostShortage({ minFreeMemoryBytes: 0, minFreeDiskBytes: Number.MAX_SAFE_INTEGER, storageDir })).toMatch(
      new RegExp(`^free disk at ${storageDir} \\d+ MB is below SANDBOX_MIN_FREE_DISK_MB`),
    );
  });
});
