import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { baseUrl, launchBrowser, signIn, trackExternalRequests } from '../support/browser';

/** Screenshots for a human to look at; not compared by the test. */
const shotDir = path.join(os.tmpdir(), 'vss-e2e-screenshots');
mkdirSync(shotDir, { recursive: true });

type J<T> = { result: { data: { json: T } } };

async function trpcMutation<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.post(`${baseUrl()}/api/trpc/${path}`, { data: { json: input } });
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as J<T>).result.data.json;
}

describe('schedules UI', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let external: string[];

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 1000 } });
    external = trackExternalRequests(context);
    page = await context.newPage();
    await signIn(page);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('creates a per-second schedule; the editor explains it and lists the next ticks; its first run appears in the live executions list', async () => {
    const scriptName = `e2e scheduled ${Date.now()}`;
    const script = await trpcMutation<{ id: string }>(page, 'scripts.create', {
      name: scriptName,
      language: 'bash',
      status: 'active',
      content: 'echo "scheduled tick"',
    });

    await page.goto(`${baseUrl()}/schedules`);
    await page.getByTestId('new-schedule').click();
    await page.getByTestId('schedule-name').fill('every two seconds');
    await page.getByTestId('schedule-target').selectOption(script.id);

    // An invalid expression is refused with the server's message naming the field.
    await page.getByTestId('schedule-cron').fill('70 * * * *');
    await expect
      .poll(
        () =>
          page
            .getByTestId('schedule-cron-error')
            .textContent()
            .catch(() => ''),
        { timeout: 10_000 },
      )
      .toContain('minute field "70"');

    // Time zone handling: 09:00 every day in Shanghai is shown in Shanghai time.
    await page.getByTestId('schedule-cron').fill('0 9 * * *');
    await page.getByTestId('schedule-timezone').selectOption('Asia/Shanghai');
    await expect.poll(() => page.getByTestId('schedule-next-fires').locator('li').count(), { timeout: 10_000 }).toBe(5);
    const shanghai = await page.getByTestId('schedule-next-fires').locator('li').allTextContents();
    for (const line of shanghai) expect(line).toMatch(/09:00:00 Asia\/Shanghai$/);
    const isoTimes = await page
      .getByTestId('schedule-next-fires')
      .locator('li')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-iso')));
    for (const iso of isoTimes) expect(iso).toMatch(/T01:00:00\.000Z$/); // 09:00 +08:00

    await page.getByTestId('schedule-cron').fill('*/2 * * * * *');
    await expect
      .poll(() => page.getByTestId('schedule-explained').textContent(), { timeout: 10_000 })
      .toMatch(/every 2 seconds/i);
    await page.getByTestId('schedule-timezone').selectOption('UTC');
    await page.screenshot({ path: `${shotDir}/schedule-editor.png`, fullPage: true });
    await page.getByTestId('schedule-save').click();

    const row = page.getByTestId('schedule-row').filter({ hasText: 'every two seconds' });
    await row.waitFor({ timeout: 15_000 });
    // The list shows the last run with its status once the first tick fired.
    await row.getByTestId('schedule-last-run-link').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: `${shotDir}/schedules-list.png`, fullPage: true });

    // The live executions list: the schedule's run shows up without a reload.
    await page.goto(`${baseUrl()}/executions`);
    await page.evaluate(() => ((window as unknown as { __same: boolean }).__same = true));
    const runRow = page.getByTestId('execution-row').filter({ hasText: scriptName }).first();
    await runRow.waitFor({ timeout: 30_000 });
    expect(await runRow.textContent()).toContain('Schedule');
    // Later ticks keep arriving on the same page (polling, no reload).
    await expect
      .poll(() => page.getByTestId('execution-row').filter({ hasText: scriptName }).count(), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(2);
    expect(await page.evaluate(() => (window as unknown as { __same?: boolean }).__same)).toBe(true);

    // Pause from the list: the state flips, and the page says so in Chinese too.
    await page.goto(`${baseUrl()}/schedules`);
    await row.getByTestId('schedule-pause').click();
    await expect
      .poll(() => row.getByTestId('schedule-state').getAttribute('data-enabled'), { timeout: 10_000 })
      .toBe('false');
    expect(external).toEqual([]);
  });

  it("builds parameters from the target's schema, refuses a missing one, picks the browser's zone", async () => {
    const viewport = { width: 1440, height: 1000 };
    const zoned = await browser.newContext({ locale: 'en-US', timezoneId: 'America/Sao_Paulo', viewport });
    const p = await zoned.newPage();
    await signIn(p);
    const properties = { camera: { type: 'string', title: 'Camera' }, frames: { type: 'integer', default: 5 } };
    const schema = { type: 'object', required: ['camera'], properties };
    const script = await trpcMutation<{ id: string }>(p, 'scripts.create', {
      name: `e2e sched params ${Date.now()}`,
      language: 'bash',
      status: 'active',
      content: 'echo "$PARAM_CAMERA"',
      parameters_schema: schema,
    });
    await p.goto(`${baseUrl()}/schedules`);
    await p.getByTestId('new-schedule').click();
    // The zone defaults to the browser's, chosen from a list rather than typed.
    expect(await p.getByTestId('schedule-timezone').evaluate((el) => el.tagName)).toBe('SELECT');
    expect(await p.getByTestId('schedule-timezone').inputValue()).toBe('America/Sao_Paulo');
    await p.getByTestId('schedule-name').fill('needs a camera');
    await p.getByTestId('schedule-target').selectOption(script.id);
    // The same inputs as the Run panel: one per schema property, defaults filled in.
    await p.getByTestId('param-camera').waitFor({ timeout: 10_000 });
    expect(await p.getByTestId('param-frames').inputValue()).toBe('5');
    await p.getByTestId('schedule-save').click();
    // The service refuses (422) naming the parameter; the message lands at its input.
    const paramError = () =>
      p
        .getByTestId('param-error-camera')
        .textContent()
        .catch(() => '');
    await expect.poll(paramError, { timeout: 10_000 }).not.toBe('');
    expect(await p.getByTestId('schedule-save-error').textContent()).toContain('input_parameters.camera');
    expect(await p.getByTestId('schedule-row').filter({ hasText: 'needs a camera' }).count()).toBe(0);
    await p.getByTestId('param-camera').fill('north');
    await p.getByTestId('schedule-save').click();
    await p.getByTestId('schedule-row').filter({ hasText: 'needs a camera' }).waitFor({ timeout: 15_000 });
    await zoned.close();
  });

  it('shows the cron expression in Chinese when the UI is in Chinese', async () => {
    await context.addCookies([{ name: 'vss-locale', value: 'zh', url: baseUrl() }]);
    await page.goto(`${baseUrl()}/schedules`);
    await page.getByTestId('new-schedule').click();
    await page.getByTestId('schedule-cron').fill('*/2 * * * * *');
    await expect
      .poll(() => page.getByTestId('schedule-explained').textContent(), { timeout: 10_000 })
      .toBe('每隔 2 秒');
    await context.addCookies([{ name: 'vss-locale', value: 'en', url: baseUrl() }]);
  });
});
