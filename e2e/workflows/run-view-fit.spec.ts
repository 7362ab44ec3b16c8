import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'playwright-core';
import { createKey } from '../support/api-key';
import { baseUrl, launchBrowser, signIn } from '../support/browser';
import { restClient } from '../rest/rest-client';

/**
 * The run view of a wide workflow (nine nodes in a row, as users lay them out) must show the whole
 * graph when it opens. RUN_VIEW_SHOT names the file the screenshot goes to (docs/screenshots/…).
 */
let key: string;
const call = restClient(() => key);

describe('workflow run view', () => {
  let browser: Browser;
  beforeAll(async () => {
    key = await createKey('editor');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('fits a 9-node graph into the canvas when it opens', async () => {
    const stamp = Date.now();
    const step = { name: `e2e fit step ${stamp}`, content: 'echo step', language: 'bash', status: 'active' };
    const scriptRes = await call('POST', '/api/v1/scripts/', { body: step });
    expect(scriptRes.status).toBe(201);
    const script = (await scriptRes.json()) as { id: string };
    // Start, seven steps, End, left to right 280 px apart: 2,400 px, wider than any canvas.
    const keys = ['start', ...Array.from({ length: 7 }, (_, i) => `step_${i + 1}`), 'end'];
    const nodes = keys.map((k, i) => ({
      key: k,
      type: k === 'start' ? 'start' : k === 'end' ? 'end' : 'script',
      label: k,
      position: { x: i * 280, y: 0 },
      ...(k.startsWith('step') ? { config: { script_id: script.id } } : {}),
    }));
    const edges = keys.slice(1).map((k, i) => ({ id: `e${i}`, source: keys[i], target: k }));
    const wfRes = await call('POST', '/api/v1/workflows/', {
      body: { name: `e2e fit ${stamp}`, graph: { nodes, edges } },
    });
    expect(wfRes.status).toBe(201);
    const wf = (await wfRes.json()) as { id: string };
    expect((await call('POST', `/api/v1/workflows/${wf.id}/activate`)).status).toBe(200);
    const runRes = await call('POST', `/api/v1/workflows/${wf.id}/run`, { body: {} });
    expect(runRes.status).toBe(202);
    const run = (await runRes.json()) as { id: string };
    for (let i = 0; i < 300; i++) {
      const r = (await (await call('GET', `/api/v1/workflows/runs/${run.id}`)).json()) as { status: string };
      if (['succeeded', 'failed', 'cancelled'].includes(r.status)) break;
      await sleep(200);
    }

    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${baseUrl()}/workflows/runs/${run.id}`);
    const canvas = page.getByTestId('run-canvas');
    await page.getByTestId('flow-node-end').waitFor({ state: 'attached', timeout: 30_000 });
    // Let React Flow measure the nodes and apply its first viewport.
    await sleep(1000);
    if (process.env.RUN_VIEW_SHOT) {
      mkdirSync(path.dirname(process.env.RUN_VIEW_SHOT), { recursive: true });
      await page.screenshot({ path: process.env.RUN_VIEW_SHOT });
    }
    const frame = (await canvas.boundingBox())!;
    const boxOf = (k: string) => page.getByTestId(`flow-node-${k}`).boundingBox();
    const boxes = await Promise.all(keys.map(async (k) => ({ k, box: await boxOf(k) })));
    const inside = (b: { x: number; y: number; width: number; height: number }) =>
      b.x >= frame.x &&
      b.y >= frame.y &&
      b.x + b.width <= frame.x + frame.width &&
      b.y + b.height <= frame.y + frame.height;
    const outside = boxes.filter(({ box }) => !box || !inside(box)).map(({ k }) => k);
    expect(outside).toEqual([]);
    await context.close();
  });
});
