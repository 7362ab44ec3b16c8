import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, signIn, trackExternalRequests } from '../support/browser';

/**
 * Monaco renders spaces as U+00A0 and only the visible lines (the scripts here are short); lines
 * are positioned absolutely, so they are ordered by `top`. innerText would drop empty lines.
 */
async function editorText(page: Page, root = page.getByTestId('code-editor')): Promise<string> {
  const lines = await root.locator('.view-lines .view-line').evaluateAll((els) =>
    els
      .map((el) => ({ top: parseFloat((el as HTMLElement).style.top) || 0, text: el.textContent ?? '' }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text),
  );
  return lines.join('\n').replaceAll('\u00a0', ' ').trimEnd();
}

async function replaceEditorText(page: Page, text: string): Promise<void> {
  await page.getByTestId('code-editor').locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+a');
  // keyboard.type() loses spaces with Monaco 0.57; insertText arrives as one input event.
  await page.keyboard.insertText(text);
}

// The machine may be building or running other suites: give the UI time, without sleeping.
const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 100 });

const squiggles = (page: Page) => page.getByTestId('code-editor').locator('.squiggly-error');

describe('script editor behind the /scripts prefix', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('validates while typing, saves versions with Ctrl+S, diffs and restores, with no external request', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
    const external = trackExternalRequests(context);
    const page = await context.newPage();
    // Uncaught errors (Monaco model disposal, workers failing to load) must not happen silently.
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      // Chromium asks for /favicon.ico at the host root, outside the /scripts prefix: not the app's request.
      if (msg.type() === 'error' && !msg.location().url.endsWith('/favicon.ico'))
        pageErrors.push(`${msg.text()} @ ${msg.location().url}`);
    });
    await signIn(page);

    await page.goto(`${baseUrl()}/scripts`);
    await page.getByTestId('new-script').click();
    await page.waitForURL((u) => u.pathname === '/scripts/scripts/new');

    const name = `e2e editor ${Date.now()}`;
    await page.getByTestId('script-name').fill(name);
    await page.getByTestId('script-language').selectOption('python');
    await page.getByTestId('code-editor').locator('.monaco-editor').waitFor({ timeout: 30_000 });

    // A syntax error is reported as a Monaco marker and in the list under the editor.
    await replaceEditorText(page, 'x = = 1\n');
    await eventually(() => squiggles(page).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('validation-item').first().getAttribute('data-line')).toBe('1');
    expect(await page.getByTestId('validation-item').first().getAttribute('data-level')).toBe('error');

    // Fixing it clears the marker.
    // Flat code on purpose: Monaco auto-indents inserted newlines after a block opener.
    const v1 = 'import sys\n\nname = "vss"\nprint("hello " + name, file=sys.stdout)';
    await replaceEditorText(page, v1);
    await eventually(() => page.getByTestId('validation-clean').isVisible()).toBe(true);
    expect(await squiggles(page).count()).toBe(0);
    await eventually(() => editorText(page)).toBe(v1);

    // Ctrl+S in the editor creates the script and moves to its own URL.
    await page.keyboard.press('ControlOrMeta+s');
    await page.waitForURL((u) => /^\/scripts\/scripts\/[0-9a-f-]{36}$/.test(u.pathname));
    await eventually(() => page.getByTestId('current-version').textContent()).toBe('v1');
    await page.getByTestId('code-editor').locator('.monaco-editor').waitFor({ timeout: 30_000 });
    await eventually(() => editorText(page)).toBe(v1);

    // A second content change makes version 2.
    await page.getByTestId('code-editor').locator('.view-lines').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText('\nprint("again")');
    await eventually(() => page.getByTestId('save-state').getAttribute('data-dirty')).toBe('true');
    await page.keyboard.press('ControlOrMeta+s');
    await eventually(() => page.getByTestId('current-version').textContent()).toBe('v2');
    await eventually(() => page.getByTestId('save-state').getAttribute('data-dirty')).toBe('false');

    if (process.env.E2E_SCREENSHOT_DIR) {
      await page.screenshot({ path: path.join(process.env.E2E_SCREENSHOT_DIR, 'script-details.png') });
    }

    await page.getByTestId('tab-versions').click();
    await page.getByTestId('version-row-2').waitFor();
    await page.getByTestId('version-row-1').waitFor();

    if (process.env.E2E_SCREENSHOT_DIR) {
      await page.screenshot({ path: path.join(process.env.E2E_SCREENSHOT_DIR, 'script-editor.png') });
    }

    // Diff v1 ↔ v2 in Monaco's DiffEditor.
    await page.getByTestId('version-pick-1').check();
    await page.getByTestId('version-pick-2').check();
    await page.getByTestId('open-diff').click();
    await page.getByTestId('diff-editor').locator('.monaco-diff-editor').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('diff-title').textContent()).toContain('v1 ↔ v2');
    await expect
      .poll(() => editorText(page, page.getByTestId('diff-editor').locator('.modified-in-monaco-diff-editor')))
      .toContain('again');

    if (process.env.E2E_SCREENSHOT_DIR) {
      await page.screenshot({ path: path.join(process.env.E2E_SCREENSHOT_DIR, 'script-diff.png') });
    }

    // Restoring v1 makes v3 with v1's content, and the editor shows it.
    await page.getByTestId('restore-version-1').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('version-row-3').waitFor({ timeout: 15_000 });
    await eventually(() => page.getByTestId('current-version').textContent()).toBe('v3');
    await eventually(() => page.getByTestId('diff-pane').count()).toBe(0);
    await eventually(() => editorText(page)).toBe(v1);
    expect(await page.getByTestId('version-row-3').textContent()).toContain('restored version 1');

    // Leaving with unsaved edits asks first; declining keeps the page.
    await page.getByTestId('code-editor').locator('.view-lines').click();
    await page.keyboard.insertText('# unsaved');
    await eventually(() => page.getByTestId('save-state').getAttribute('data-dirty')).toBe('true');
    const editorUrl = page.url();
    const questions: string[] = [];
    page.once('dialog', (d) => {
      questions.push(d.message());
      void d.dismiss();
    });
    await page.getByTestId('back-to-list').click();
    await eventually(() => questions.length).toBe(1);
    expect(page.url()).toBe(editorUrl);
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('back-to-list').click();
    await page.waitForURL((u) => u.pathname === '/scripts/scripts');

    // The list shows the script with its status.
    await page.getByTestId('scripts-search').fill(name);
    const row = page.getByTestId('scripts-table').locator('tr', { hasText: name });
    await eventually(() => row.count()).toBe(1);
    expect(await row.getByTestId('script-status-badge').textContent()).toBe('Draft');
    expect(pageErrors).toEqual([]);
    if (process.env.E2E_SCREENSHOT_DIR) {
      await page.getByTestId('scripts-search').fill('');
      await page.screenshot({ path: path.join(process.env.E2E_SCREENSHOT_DIR, 'scripts-list.png') });
    }

    expect(external).toEqual([]);
    await context.close();
  });

  it('bulk activation and the editor both show why a script cannot become active', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
    const external = trackExternalRequests(context);
    const page = await context.newPage();
    await signIn(page);
    const prefix = `e2e bulk ${Date.now()}`;
    const create = (name: string, content: string) =>
      page.evaluate(
        async ({ url, body }) => {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ json: body }),
          });
          return res.status;
        },
        { url: `${baseUrl()}/api/trpc/scripts.create`, body: { name, content, language: 'bash', tags: ['e2e'] } },
      );
    expect(await create(`${prefix} safe`, 'echo hello\n')).toBe(200);
    expect(await create(`${prefix} wiper`, 'rm -rf /\n')).toBe(200);

    await page.goto(`${baseUrl()}/scripts?q=${encodeURIComponent(prefix)}&sort=name_asc`);
    const rows = page.getByTestId('scripts-table').locator('tbody tr');
    await eventually(() => rows.count()).toBe(2);
    await page.getByTestId('select-all').check();
    await page.getByTestId('bulk-status').selectOption('active');
    await page.getByTestId('bulk-apply').click();
    const outcome = page.getByTestId('bulk-outcome');
    await eventually(() => outcome.textContent()).toContain('1 succeeded, 1 failed');
    expect(await outcome.locator('li').textContent()).toContain(`${prefix} wiper`);
    await eventually(() => rows.first().getByTestId('script-status-badge').textContent()).toBe('Active');

    // The editor marks the blocked line and shows the server's 422 details on an activating save.
    await rows.nth(1).click();
    await page.waitForURL((u) => /^\/scripts\/scripts\/[0-9a-f-]{36}$/.test(u.pathname));
    await page.getByTestId('code-editor').locator('.monaco-editor').waitFor({ timeout: 30_000 });
    await eventually(() => squiggles(page).count()).toBeGreaterThan(0);
    await page.getByTestId('script-status').selectOption('active');
    await page.getByTestId('activation-warning').waitFor();
    await page.keyboard.press('ControlOrMeta+s');
    const problem = page.getByTestId('save-error');
    await eventually(() => problem.textContent()).toContain('cannot be active');
    expect(await page.getByTestId('save-error-details').textContent()).toContain('bash.rm-rf-root');
    expect(await page.getByTestId('current-version').textContent()).toBe('v1');

    // Monaco follows the app theme.
    await page.getByTestId('theme-switch').click();
    await eventually(() => page.getByTestId('code-editor').locator('.monaco-editor.vs-dark').count()).toBe(1);
    if (process.env.E2E_SCREENSHOT_DIR) {
      await page.screenshot({ path: path.join(process.env.E2E_SCREENSHOT_DIR, 'script-editor-dark.png') });
    }

    expect(external).toEqual([]);
    // Leave without the unsaved-changes prompt blocking the close.
    page.on('dialog', (d) => void d.accept());
    await context.close();
  });
});
