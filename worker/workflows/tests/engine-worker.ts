import { afterAll, beforeAll } from 'vitest';
import type { Actor } from '@/server/auth/actor';
import { createTestActor } from '@/server/test/fixtures';
import { startWorkerRuntime, type WorkerRuntime } from '@/worker/runtime';

/**
 * The engine's scenario files share one set-up: an admin (handed to `onAdmin`) and a worker of the
 * file's own that runs the workflows' scripts, started before its tests and stopped after them.
 */
export function useEngineWorker(concurrency: number, onAdmin: (admin: Actor) => void): void {
  let worker: WorkerRuntime | undefined;
  beforeAll(async () => {
    onAdmin(await createTestActor('admin'));
    worker = await startWorkerRuntime({ concurrency });
  });
  afterAll(async () => {
    await worker?.stop(1000);
  });
}
