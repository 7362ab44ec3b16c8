import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Where a request's time goes, phase by phase, as a `Server-Timing` header (SERVER_TIMING=1; used
 * by `npm run bench:http`). Off, `timed` is one AsyncLocalStorage read per phase: nothing is kept.
 * Only phase names and durations leave the process, never values.
 */
const store = new AsyncLocalStorage<Map<string, number>>();

export async function timed<T>(phase: string, fn: () => Promise<T>): Promise<T> {
  const phases = store.getStore();
  if (!phases) return fn();
  const t = performance.now();
  try {
    return await fn();
  } finally {
    phases.set(phase, (phases.get(phase) ?? 0) + performance.now() - t);
  }
}

/** Runs `fn` collecting its phases; answers its result and the header value (`name;dur=ms, …`). */
export async function collectServerTiming<T>(fn: () => Promise<T>): Promise<{ result: T; header: string }> {
  const phases = new Map<string, number>();
  const t = performance.now();
  const result = await store.run(phases, fn);
  phases.set('total', performance.now() - t);
  const header = [...phases].map(([name, ms]) => `${name};dur=${ms.toFixed(2)}`).join(', ');
  return { result, header };
}
