import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createKey } from '../support/api-key';
import { baseUrl, launchBrowser, signIn } from '../support/browser';
import { restClient } from '../rest/rest-client';

/**
 * Fast typing must reach Monaco's model intact. Every bracket and quote below is closed right after
 * its content, so Monaco's auto-closing inserts the closer and typing the closer steps over it:
 * the text typed is exactly the text expected (the corruption was
 * `print("E")NV_NAME =", os.environ.get("ENV_))`). No line opens a block, so Enter adds no indent.
 */
const TYPED = [
  'import os',
  'print("ENV_NAME =", os.environ.get("ENV_NAME"))',
  'values = [len(x) for x in ("alpha", "beta", "gamma")]',
  'config = {"retries": 3, "names": ["a", "b"], "nested": {"k": (1, 2)}}',
  'print(\'single\', "double", values, config["names"][0])',
  'total = sum(values) + (config["retries"] * 2)',
  'print(f"total={total}", os.environ.get("HOME", "/tmp"))',
].join('\n');

let key: string;
const call = restClient(() => key);

/** The editor model's exact text (CodeEditor exposes it on Monaco's container). */
const modelValue = (page: Page) =>
  page
    .getByTestId('code-editor')
    .locator('.monaco-editor')
    .evaluate((el) => (el.parentElement as HTMLElement & { modelValue: string }).modelValue);

describe('script editor under fast typing', () => {
  let browser: Browser;
  beforeAll(async () => {
    key = await createKey('viewer');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps 300+ characters typed at 10 ms each, with auto-closing and IME composition, through save', async () => {
    expect(TYPED.length).toBeGreaterThanOrEqual(300);
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${baseUrl()}/scripts/new`);
    await page.getByTestId('code-editor').locator('.monaco-editor').waitFor({ timeout: 30_000 });
    // A new script starts with the starter code that shows the conventions.
    await expect.poll(() => modelValue(page), { timeout: 20_000 }).toContain('VSS_RESULT_FILE');
    await page.getByTestId('script-name').fill(`e2e typing ${Date.now()}`);

    await page.getByTestId('code-editor').locator('.view-lines').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    expect(await modelValue(page)).toBe('');
    const started = Date.now();
    await page.keyboard.type(TYPED, { delay: 10 });
    const typingMs = Date.now() - started;

    // IME: a composition that changes twice before it is committed, as pinyin input does.
    await page.keyboard.press('Enter');
    await page.keyboard.type('# ', { delay: 10 });
    const cdp = await context.newCDPSession(page);
    for (const text of ['n', 'ni', 'nih', 'niha', 'nihao']) {
      await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
    }
    await cdp.send('Input.imeSetComposition', { text: '你好', selectionStart: 2, selectionEnd: 2 });
    await cdp.send('Input.insertText', { text: '你好' });
    await page.keyboard.type(' ok', { delay: 10 });
    const expected = `${TYPED}\n# 你好 ok`;

    await expect.poll(() => modelValue(page), { timeout: 10_000 }).toBe(expected);
    const equal = (await modelValue(page)) === expected;
    console.info(`typed ${TYPED.length} characters in ${typingMs} ms; model text equal: ${equal}`);

    // The React state followed the editor: saving stores exactly the model's text.
    await page.keyboard.press('ControlOrMeta+s');
    await page.waitForURL((u) => /^\/scripts\/scripts\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: 30_000 });
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const res = await call('GET', `/api/v1/scripts/${id}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { content: string }).content).toBe(expected);
    await context.close();
  });
});
