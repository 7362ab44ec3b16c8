import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser';

type J<T> = { result: { data: { json: T } } };
describe('debug', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await signIn(page);
  });
  afterAll(async () => browser?.close());
  const get = async (id: string) => ((await (await page.request.get(`${baseUrl()}/api/trpc/executions.get?input=${encodeURIComponent(JSON.stringify({ json: { id } }))}`)).json()) as J<{ status: string; log_bytes: number }>).result.data.json;
  async function once(label: string, content: string, open: 'none' | 'detail') {
    const res = await page.request.post(`${baseUrl()}/api/trpc/scripts.create`, { data: { json: { name: `dbg ${Date.now()}`, language: 'bash', content } } });
    const id = ((await res.json()) as J<{ id: string }>).result.data.json.id;
    const t0 = Date.now();
    const ex = await page.request.post(`${baseUrl()}/api/trpc/executions.execute`, { data: { json: { id, input_parameters: {}, environment_vars: {} } } });
    const exId = ((await ex.json()) as J<{ id: string }>).result.data.json.id;
    if (open === 'detail') await page.goto(`${baseUrl()}/executions/${exId}`);
    const seen: string[] = [];
    for (;;) {
      const e = await get(exId);
      seen.push(`${Date.now() - t0}:${e.status}`);
      if (!['queued', 'running'].includes(e.status) || Date.now() - t0 > 15000) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    console.log(label, open, seen.join(' '));
    if (open === 'detail') await page.goto(`${baseUrl()}/`);
  }
  it('dbg', async () => {
    for (const open of ['none', 'detail', 'none', 'detail'] as const) {
      await once('quick', 'echo hi; echo oops >&2; exit 3', open);
      await once('sleepy', 'echo hi; sleep 1; echo oops >&2; sleep 1; exit 3', open);
    }
  }, 300_000);
});
