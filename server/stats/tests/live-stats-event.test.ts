import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import type { Actor } from '@/server/auth/actor';
import { createScript } from '@/server/scripts/create-script';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { recordFinalRollup, rollupPending } from '../record-final-rollup';
import { streamLive } from '../stream-live';
import { insertRuns } from './stats-harness';

let admin: Actor;
let scriptId: string;

beforeAll(async () => {
  admin = await createTestActor('admin');
  const input = { name: uniqueName('live-stats'), content: 'echo', language: 'bash' as const };
  scriptId = (await createScript({ actor: admin, input })).id;
});

/** Reads server-sent events from the live stream until one of `type` arrives (or the deadline). */
async function nextEvent(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  type: string,
  timeoutMs = 5000,
): Promise<unknown> {
  const decoder = new TextDecoder();
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const timeout = new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()));
    const chunk = await Promise.race([reader.read(), timeout]);
    if (!chunk || chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
    for (const block of buffer.split('\n\n').slice(0, -1)) {
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event === type && data) return JSON.parse(data);
    }
    buffer = buffer.slice(buffer.lastIndexOf('\n\n') + 2);
  }
  throw new Error(`no ${type} event within ${timeoutMs} ms`);
}

describe('the live feed says when the statistics changed', () => {
  const abort = new AbortController();
  afterAll(() => abort.abort());

  it('sends `stats` once finished runs reach the rollups (batched and single): no polling needed', async () => {
    const reader = (await streamLive({ actor: admin, signal: abort.signal })).getReader();
    await nextEvent(reader, 'snapshot');

    await insertRuns([
      { scriptId, status: 'succeeded', durationMs: 10 },
      { scriptId, status: 'failed', durationMs: 20 },
    ]);
    const counted = await rollupPending({ maxBatches: 1 });
    expect(counted).toBeGreaterThanOrEqual(2);
    expect(await nextEvent(reader, 'stats')).toMatchObject({ runs: expect.any(Number) });

    // A run rolled up on its own (cancelled while queued, a lost worker) says it too.
    const [one] = await insertRuns([{ scriptId, status: 'cancelled' }]);
    expect(await recordFinalRollup(db(), one!)).toBe(true);
    expect(await nextEvent(reader, 'stats')).toMatchObject({ runs: 1 });
    reader.releaseLock();
  });
});
