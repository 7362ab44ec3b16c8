import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { baseUrl, launchBrowser, signIn, trackExternalRequests } from '../support/browser';

// The machine may be building or running other suites: give the UI time, without sleeping.
const eventually = <T>(fn: () => T | Promise<T>, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });

/** Screenshots for a human to look at; not compared by the test. */
const shotDir = path.join(os.tmpdir(), 'vss-e2e-screenshots');
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(shotDir, `templates-${name}.png`), fullPage: true });

const previewText = (page: Page) => page.getByTestId('template-preview').textContent();

/** Runs the script open in the editor from its Run tab and waits for the final status badge. */
async function runFromEditor(page: Page): Promise<string | null> {
  await page.getByTestId('tab-run').click();
  await page.getByTestId('run-panel').waitFor({ state: 'visible' });
  await page.getByTestId('run-button').click();
  const badge = page.locator('[data-testid="run-panel"] [data-testid="run-status"]');
  await eventually(async () => ((await badge.count()) ? badge.getAttribute('data-status') : null), 60_000).toMatch(
    /^(succeeded|failed|timed_out|cancelled)$/,
  );
  return badge.getAttribute('data-status');
}

describe('script templates in the browser', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let external: string[];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(shotDir, { recursive: true });
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 1000 } });
    external = trackExternalRequests(context);
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await signIn(page);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('creates a script from a built-in template through the form and runs it', async () => {
    await page.goto(`${baseUrl()}/templates`);
    await page.getByTestId('templates-gallery').waitFor();
    // the gallery filters: built-in only, then a search
    await page.getByTestId('templates-scope-builtin').click();
    await eventually(() => page.getByTestId('template-card').count()).toBeGreaterThanOrEqual(9);
    await shot(page, 'gallery');
    await eventually(async () =>
      (
        await page
          .locator('[data-testid="template-card"] [data-testid="template-visibility"]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-visibility')))
      ).every((v) => v === 'builtin'),
    ).toBe(true);
    await page.getByTestId('templates-search').fill('disk usage');
    await eventually(() => page.getByTestId('template-card').count()).toBe(1);
    await page.getByTestId('templates-filter-language').selectOption('python');
    await eventually(() => page.getByTestId('templates-empty').count()).toBe(1);
    await page.getByTestId('templates-filter-language').selectOption('bash');
    await page.locator('[data-testid="template-card"][data-builtin-key="disk-usage-alert"]').click();

    await page.getByTestId('template-detail').waitFor();
    expect(await page.getByTestId('template-title').textContent()).toBe('Disk usage alert');
    // built-ins are read-only: no edit, share or delete controls
    expect(await page.getByTestId('template-edit').count()).toBe(0);
    expect(await page.getByTestId('template-delete').count()).toBe(0);
    // live preview with the defaults, then with the values typed
    await eventually(() => previewText(page)).toContain("THRESHOLD='90'");
    await page.getByTestId('tpl-param-paths').fill('/work');
    await page.getByTestId('tpl-param-threshold_percent').fill('100');
    await eventually(() => previewText(page)).toContain("PATHS='/work'\nTHRESHOLD='100'");
    await shot(page, 'detail');

    // a value the template refuses is reported next to its input
    await page.getByTestId('tpl-param-threshold_percent').fill('150');
    const name = `e2e disk ${Date.now()}`;
    await page.getByTestId('use-template-name').fill(name);
    await page.getByTestId('use-template-submit').click();
    await eventually(() => page.getByTestId('tpl-param-error-threshold_percent').textContent()).toBe(
      'must be at most 100',
    );
    await page.getByTestId('tpl-param-threshold_percent').fill('100');
    await page.getByTestId('use-template-submit').click();

    await page.waitForURL((u) => /^\/scripts\/scripts\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: 30_000 });
    await page.getByTestId('script-editor').waitFor();
    expect(await page.getByTestId('editor-title').textContent()).toBe(name);
    expect(await page.getByTestId('script-status-badge').textContent()).toBe('Draft');
    expect(await runFromEditor(page)).toBe('succeeded');
    await eventually(() => page.locator('[data-testid="run-panel"] [data-testid="live-log"]').textContent()).toContain(
      'all below 100%',
    );

    // "Save as template" on the script page: chosen values become parameters again
    await page.getByTestId('save-as-template').click();
    await page.getByTestId('save-as-template-dialog').waitFor({ state: 'visible' });
    const copyName = `e2e saved ${Date.now()}`;
    await page.getByTestId('save-as-name').fill(copyName);
    await page.getByTestId('save-as-literal-0').fill('/work');
    await page.getByTestId('save-as-param-0').fill('where');
    await page.getByTestId('save-as-add').click();
    await page.getByTestId('save-as-literal-1').fill('100');
    await page.getByTestId('save-as-param-1').fill('limit');
    await page.getByTestId('save-as-type-1').selectOption('number');
    await shot(page, 'save-as');
    await page.getByTestId('save-as-submit').click();
    await page.waitForURL((u) => /^\/scripts\/templates\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: 30_000 });
    await page.getByTestId('template-detail').waitFor();
    expect(await page.getByTestId('template-title').textContent()).toBe(copyName);
    expect(await page.getByTestId('template-visibility').getAttribute('data-visibility')).toBe('private');
    expect(await page.getByTestId('tpl-param-where').inputValue()).toBe('/work');
    expect(await page.getByTestId('tpl-param-limit').inputValue()).toBe('100');
    await page.getByTestId('tpl-param-limit').fill('95');
    await eventually(() => previewText(page)).toContain("PATHS='/work'\nTHRESHOLD='95'");
  });

  it('creates, shares, uses and deletes a template of its own; a hostile value stays a value', async () => {
    await page.goto(`${baseUrl()}/templates`);
    await page.getByTestId('new-template').click();
    await page.getByTestId('template-editor').waitFor();
    const name = `e2e own ${Date.now()}`;
    await page.getByTestId('template-name').fill(name);
    await page.getByTestId('template-category').fill('e2e');
    // the starter script has a {{target}} placeholder and its parameter; the preview marks the required value
    await eventually(() => page.getByTestId('template-content').locator('.view-lines').textContent()).toContain(
      'TARGET={{target}}',
    );
    await page.getByTestId('param-label-0').fill('Target camera');
    await eventually(() => previewText(page)).toContain('TARGET={{target}}');
    await shot(page, 'editor');
    await page.getByTestId('template-save').click();

    await page.waitForURL((u) => /^\/scripts\/templates\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: 30_000 });
    await page.getByTestId('template-detail').waitFor();
    expect(await page.getByTestId('template-visibility').getAttribute('data-visibility')).toBe('private');
    await page.getByTestId('template-share-toggle').click();
    await eventually(() => page.getByTestId('template-visibility').getAttribute('data-visibility')).toBe('shared');

    const hostile = `cam "north"; it's $(touch /work/PWNED) \`id\``;
    await page.getByTestId('tpl-param-target').fill(hostile);
    await eventually(() => previewText(page)).toContain(`TARGET='cam "north"; it'\\''s $(touch /work/PWNED) \`id\`'`);
    const scriptName = `e2e from own ${Date.now()}`;
    await page.getByTestId('use-template-name').fill(scriptName);
    await page.getByTestId('use-template-submit').click();
    await page.waitForURL((u) => /^\/scripts\/scripts\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: 30_000 });
    await page.getByTestId('script-editor').waitFor();
    expect(await runFromEditor(page)).toBe('succeeded');
    await eventually(() => page.locator('[data-testid="run-panel"] [data-testid="live-log"]').textContent()).toContain(
      `checking ${hostile}`,
    );

    // delete the template: back to the gallery, where it is gone
    await page.goBack();
    await page.getByTestId('template-detail').waitFor();
    await page.getByTestId('template-delete').click();
    await page.getByTestId('confirm-ok').click();
    await page.waitForURL((u) => u.pathname === '/scripts/templates', { timeout: 30_000 });
    await page.getByTestId('templates-scope-mine').click();
    await page.getByTestId('templates-search').fill('e2e');
    await eventually(async () =>
      (await page.getByTestId('template-card').allTextContents()).some((text) => text.includes('e2e saved')),
    ).toBe(true);
    expect((await page.getByTestId('template-card').allTextContents()).some((text) => text.includes(name))).toBe(false);

    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
