import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { baseUrl, launchBrowser, signIn, trackExternalRequests } from '../support/browser';
import { createKey } from '../support/api-key';

/** Screenshots for a human to look at; not compared by the test. */
const shotDir = path.join(os.tmpdir(), 'vss-e2e-screenshots');

let browser: Browser;
let context: BrowserContext;
let page: Page;
let key: string;
let external: string[];

const rest = (method: string, p: string, body?: unknown) =>
  fetch(`${baseUrl()}${p}`, {
    method,
    headers: { 'X-API-Key': key, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** Status of one run in the live table and the live running count, read in one go. */
function liveState(page: Page, executionId: string) {
  return page.evaluate(
    (id) => ({
      status:
        document.querySelector(`[data-testid="live-row"][data-execution-id="${id}"]`)?.getAttribute('data-status') ??
        null,
      running: Number(document.querySelector('[data-testid="live-running"]')?.textContent ?? 'NaN'),
    }),
    executionId,
  );
}

beforeAll(async () => {
  mkdirSync(shotDir, { recursive: true });
  key = await createKey('operator', `dash-${Date.now()}`);
  browser = await launchBrowser();
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 1400 } });
  external = trackExternalRequests(context);
  page = await context.newPage();
  await signIn(page);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('the dashboard', () => {
  it('shows a run started over REST going live and ending, without reloading', async () => {
    const editorKey = await createKey('editor', `dash-editor-${Date.now()}`);
    const created = await fetch(`${baseUrl()}/api/v1/scripts/`, {
      method: 'POST',
      headers: { 'X-API-Key': editorKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: `dashboard live ${Date.now()}`,
        content: 'echo start\nsleep 3\necho end\n',
        language: 'bash',
      }),
    });
    expect(created.status).toBe(201);
    const script = await created.json();

    await page.goto(`${baseUrl()}/`);
    await page.getByTestId('dashboard').waitFor();
    await expect
      .poll(() => page.getByTestId('live-connection').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('connected');
    await expect
      .poll(() => page.getByTestId('card-workers-value').textContent(), { timeout: 20_000 })
      .toMatch(/^[1-9]/);
    // A marker on window proves later that nothing reloaded the page.
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

    const todayCard = async () =>
      Number((await page.getByTestId('card-today-value').textContent())?.replace(/\D/g, '') || 0);
    await expect.poll(() => page.getByTestId('card-today-value').textContent(), { timeout: 20_000 }).not.toBe('—');
    const todayBefore = await todayCard();
    const res = await rest('POST', `/api/v1/scripts/${script.id}/execute`, {});
    expect(res.status).toBe(202);
    const run = await res.json();

    // While it sleeps the row says running and the live count includes it...
    let seenRunning: { status: string | null; running: number } | null = null;
    await expect
      .poll(
        async () => {
          const s = await liveState(page, run.id);
          if (s.status === 'running' && s.running >= 1) seenRunning = s;
          return seenRunning !== null;
        },
        { timeout: 20_000, interval: 100 },
      )
      .toBe(true);
    // ...and then the final status arrives, still without a reload.
    await expect
      .poll(async () => (await liveState(page, run.id)).status, { timeout: 30_000, interval: 200 })
      .toBe('succeeded');
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    const row = page.locator(`[data-testid="live-row"][data-execution-id="${run.id}"]`);
    expect(await row.textContent()).toContain(script.name);
    expect(await row.getByTestId('live-row-status').textContent()).toBe('Succeeded');

    // The figures that depend on finished runs follow the same live stream, within a few seconds
    // of the row (they waited for a 30 s timer before).
    const finishedAt = Date.now();
    await expect.poll(todayCard, { timeout: 5_000, interval: 100 }).toBe(todayBefore + 1);
    console.info(`"Runs today" updated ${Date.now() - finishedAt} ms after the live row showed the final status`);
    await expect.poll(() => page.getByTestId('chart-most-run').count(), { timeout: 5_000 }).toBe(1);
    // Chart labels are cut at their end to fit, never at their start ("ello World …"). Which scripts
    // the chart shows depends on every run of the suite so far: every label shown is checked.
    const chart = page.getByTestId('chart-most-run');
    const ticks = chart.locator('[data-testid="category-tick"]');
    await expect.poll(() => ticks.count(), { timeout: 5_000 }).toBeGreaterThan(0);
    const chartBox = (await chart.boundingBox())!;
    for (const tick of await ticks.all()) {
      const full = (await tick.getAttribute('data-full'))!;
      const shown = (await tick.getAttribute('data-shown'))!;
      expect(shown.length, full).toBeGreaterThan(Math.min(3, full.length - 1));
      expect(full.startsWith(shown.replace(/…$/, '')), `${shown} of ${full}`).toBe(true);
      expect((await tick.boundingBox())!.x, full).toBeGreaterThanOrEqual(chartBox.x);
    }
    await page.screenshot({ path: path.join(shotDir, 'dashboard.png'), fullPage: true });
  });

  it('switches the series between 24 hours, 7 and 30 days', async () => {
    await expect
      .poll(() => page.getByTestId('series-chart').getAttribute('data-buckets'), { timeout: 15_000 })
      .toBe('24');
    await page.getByTestId('series-range-7d').click();
    await expect
      .poll(() => page.getByTestId('series-chart').getAttribute('data-buckets'), { timeout: 15_000 })
      .toBe('7');
    await page.getByTestId('series-range-30d').click();
    await expect
      .poll(() => page.getByTestId('series-chart').getAttribute('data-buckets'), { timeout: 15_000 })
      .toBe('30');
    expect(await page.getByTestId('series-range-30d').getAttribute('aria-pressed')).toBe('true');
    // Bars are drawn (the run above finished today).
    expect(await page.locator('[data-testid="series-chart"] .recharts-bar-rectangle').count()).toBeGreaterThan(0);
  });

  it('lists the connected worker with its host, pid, concurrency and interpreters', async () => {
    await page.getByRole('link', { name: 'Workers' }).first().click();
    await page.waitForURL((u) => u.pathname.endsWith('/workers'));
    const row = page.getByTestId('worker-row').first();
    await row.waitFor({ timeout: 20_000 });
    const text = await row.textContent();
    expect(text).toMatch(/\d+/);
    expect(text).toContain('bash');
    expect(Number(await row.getByTestId('worker-running').textContent())).toBeGreaterThanOrEqual(0);
    await page.screenshot({ path: path.join(shotDir, 'workers.png'), fullPage: true });
    expect(external).toEqual([]);
  });

  it('shows reconnecting when the live feed drops, and reconnects', async () => {
    await page.goto(`${baseUrl()}/`);
    await expect
      .poll(() => page.getByTestId('live-connection').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('connected');
    // The network goes away (the browser fires `offline`; dispatched too in case emulation does not).
    await context.setOffline(true);
    await page.evaluate(() => window.dispatchEvent(new Event('offline')));
    await expect
      .poll(() => page.getByTestId('live-connection').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('reconnecting');
    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect
      .poll(() => page.getByTestId('live-connection').getAttribute('data-state'), { timeout: 40_000 })
      .toBe('connected');
    expect(await page.getByTestId('live-row').count()).toBeGreaterThan(0); // a fresh snapshot came with it
  });
});
