import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/server/auth/actor';
import { createScript } from '@/server/scripts/create-script';
import { insertRuns } from '@/server/stats/tests/stats-harness';
import { createTestActor } from '@/server/test/fixtures';
import { listExecutions } from './list-executions';

let viewer: Actor;
const stamp = `${Date.now()}`;
let alphaRuns: string[];
let betaRun: string;

beforeAll(async () => {
  const admin = await createTestActor('admin');
  viewer = await createTestActor('viewer');
  const script = (name: string) => createScript({ actor: admin, input: { name, content: 'echo', language: 'bash' } });
  const alpha = await script(`Camera Sweep ${stamp}`);
  const beta = await script(`Disk Report ${stamp}`);
  const runs = await insertRuns([
    { scriptId: alpha.id, status: 'succeeded' },
    { scriptId: alpha.id, status: 'failed' },
  ]);
  alphaRuns = runs.map((r) => r.id);
  betaRun = (await insertRuns([{ scriptId: beta.id, status: 'succeeded' }]))[0]!.id;
});

describe('listExecutions search', () => {
  it("finds runs by part of the script's name (any case), with the matching total", async () => {
    const page = await listExecutions({ actor: viewer, input: { search: `camera sweep ${stamp}` } });
    expect(page.items.map((e) => e.id).sort()).toEqual([...alphaRuns].sort());
    expect(page.total).toBe(2);
    const both = await listExecutions({ actor: viewer, input: { search: stamp, status: 'succeeded' } });
    expect(both.items.map((e) => e.id).sort()).toEqual([alphaRuns[0]!, betaRun].sort());
  });

  it('finds a run by the start of its id, and treats LIKE wildcards as text', async () => {
    const page = await listExecutions({ actor: viewer, input: { search: betaRun.slice(0, 8) } });
    expect(page.items.map((e) => e.id)).toEqual([betaRun]);
    expect((await listExecutions({ actor: viewer, input: { search: `Camera%${stamp}` } })).total).toBe(0);
  });
});
