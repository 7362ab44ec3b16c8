/**
 * The benches' floor: the worker's sandbox command line for one script (argv.ts, with its GNU time
 * usage report), spawned directly the way the worker starts sandboxes (the spawn helper opens the
 * seccomp filter for bwrap), with nothing of the service around it. Imported after
 * startBenchEnvironment, like the service modules.
 */
import { chmodSync, chownSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveInterpreters } from '@/server/runtime/interpreters';
import { holdEtcCopy } from '@/worker/sandbox/etc-snapshot';
import { buildSandboxArgv } from '@/worker/sandbox/run-sandboxed';
import { launch, type CgroupMove } from '@/worker/sandbox/spawn-helper';

export interface FloorOptions {
  /** Parent of the runner's work directory (one directory a runner, as the worker has one a uid). */
  dir: string;
  language: 'bash' | 'python';
  content: string;
  /** Control groups the sandbox is born in (none: the helper's own). */
  moves?: CgroupMove[];
}

/** A runner: each call starts the sandbox once and resolves with its wall time in ms; a non-zero exit throws. */
export function floorRunner({ dir, language, content, moves = [] }: FloorOptions): () => Promise<number> {
  const interpreters = resolveInterpreters();
  const workDir = mkdtempSync(path.join(dir, 'floor-'));
  writeFileSync(path.join(workDir, language === 'python' ? 'script.py' : 'script.sh'), content);
  writeFileSync(path.join(workDir, 'input.json'), '{}');
  if (process.getuid?.() === 0) {
    chownSync(workDir, 65534, 65534);
    chmodSync(workDir, 0o711);
  }
  const usageFile = path.join(dir, `usage-${path.basename(workDir)}`);
  writeFileSync(usageFile, '', { mode: 0o600 });
  const cmd = buildSandboxArgv(
    {
      language,
      interpreter: language === 'python' ? interpreters.python : interpreters.bash,
      workDir,
      input: {},
      env: {},
      allowNetwork: false,
      limits: {
        memoryBytes: 1024 * 1024 * 1024,
        cpuSeconds: 30,
        maxProcesses: 256,
        maxOpenFiles: 1024,
        maxFileSizeBytes: 512 * 1024 * 1024,
      },
    },
    { usageFile },
  );
  holdEtcCopy(cmd.etcCopy); // every start of this runner binds the same /etc copy: kept for the bench's life
  return async () => {
    const t0 = performance.now();
    const child = await launch(cmd, false, moves);
    child.stdout.resume();
    child.stderr.resume();
    const { code } = await child.exit;
    if (code !== 0) throw new Error(`floor exited ${code}`);
    return performance.now() - t0;
  };
}
