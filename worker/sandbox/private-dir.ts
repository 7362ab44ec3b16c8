/**
 * This worker's private directory for what it hands to sandboxes: the seccomp filter, a prepared
 * sandbox's script and input, GNU time's reports. Memory-backed where the host has /dev/shm, owned
 * by the worker and mode 0700, so no other host user can read or plant anything in it; the files in
 * it are bind sources, never visible to a sandbox under their host path (sandboxes do not see the
 * host's /dev/shm at all). Directories of workers that are gone are removed at start.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { leftoversOfDeadProcesses } from '@/server/infra/stale-process';

const PREFIX = 'vss-worker-';

const memoryTmpDir = (() => {
  try {
    return statSync('/dev/shm').isDirectory() ? '/dev/shm' : os.tmpdir();
  } catch {
    return os.tmpdir();
  }
})();

function removeDeadWorkersDirs(): void {
  for (const leftover of leftoversOfDeadProcesses(memoryTmpDir, PREFIX))
    rmSync(leftover, { recursive: true, force: true });
}

let dir: string | undefined;

export function privateRunDir(): string {
  if (dir) return dir;
  removeDeadWorkersDirs();
  const created = path.join(memoryTmpDir, `${PREFIX}${process.pid}-${randomUUID().slice(0, 8)}`);
  mkdirSync(created, { mode: 0o700 });
  process.once('exit', () => rmSync(created, { recursive: true, force: true }));
  return (dir = created);
}

/** A fresh, unpredictable path in the private directory (created by the caller with O_EXCL). */
export function privateFile(name: string): string {
  return path.join(privateRunDir(), `${randomUUID()}-${name}`);
}
