import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser';

const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 100 });

describe("a script's disk quota in the editor", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('refuses more than the server maximum next to the field, and keeps a smaller quota', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await signIn(page);
    const id = await page.evaluate(async (url) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ json: { name: `e2e disk ${Date.now()}`, content: 'df -m /work\n', language: 'bash' } }),
      });
      return ((await res.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;
    }, `${baseUrl()}/api/trpc/scripts.create`);

    await page.goto(`${baseUrl()}/scripts/${id}`);
    const disk = page.getByTestId('script-disk-mb');
    await disk.waitFor();
    expect(await disk.inputValue()).toBe('');
    expect(await disk.getAttribute('placeholder')).toBe('Server maximum');

    // The e2e server runs with the default SANDBOX_DISK_MB of 1024.
    await disk.fill('4096');
    await page.getByTestId('script-save').click();
    await eventually(() => page.getByTestId('metadata-panel').textContent()).toContain(
      'must be at most 1024 MB (SANDBOX_DISK_MB)',
    );

    await disk.fill('64');
    await page.getByTestId('script-save').click();
    await eventually(() => page.getByTestId('save-state').getAttribute('data-dirty')).toBe('false');
    await page.reload();
    await eventually(() => page.getByTestId('script-disk-mb').inputValue()).toBe('64');
    await context.close();
  });
});
