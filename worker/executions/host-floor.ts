/**
 * A worker takes runs only while the host has room for them: memory available and free disk on the
 * storage filesystem above the configured floors. Below either, it stops taking jobs (others may
 * still have room) and says why on the Workers page, instead of starting runs that would fail or
 * push PostgreSQL on the same host out of memory or disk.
 */
import { readFileSync, statfsSync } from 'node:fs';
import os from 'node:os';

export interface HostFloors {
  minFreeMemoryBytes: number;
  minFreeDiskBytes: number;
  storageDir: string;
}

const MB = 1024 * 1024;

/** MemAvailable (what can be had without swapping), or free memory where the kernel does not say. */
export function availableMemoryBytes(): number {
  try {
    const kb = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux: fall through
  }
  return os.freemem();
}

export function freeDiskBytes(dir: string): number | null {
  try {
    const st = statfsSync(dir);
    return Number(st.bavail) * Number(st.bsize);
  } catch {
    return null;
  }
}

/** Why the host is too short to take a run now, or null. */
export function hostShortage(floors: HostFloors): string | null {
  const memory = availableMemoryBytes();
  if (memory < floors.minFreeMemoryBytes) {
    return `host memory available ${Math.round(memory / MB)} MB is below SANDBOX_MIN_FREE_MEMORY_MB (${Math.round(floors.minFreeMemoryBytes / MB)} MB)`;
  }
  const disk = freeDiskBytes(floors.storageDir);
  if (disk !== null && disk < floors.minFreeDiskBytes) {
    return `free disk at ${floors.storageDir} ${Math.round(disk / MB)} MB is below SANDBOX_MIN_FREE_DISK_MB (${Math.round(floors.minFreeDiskBytes / MB)} MB)`;
  }
  return null;
}
