import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser';

type J<T> = { result: { data: { json: T } } };

async function trpc<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.post(`${baseUrl()}/api/trpc/${path}`, { data: { json: input } });
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as J<T>).result.data.json;
}

/** The one date-time shape the UI writes (components/ui/format-date.ts). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** The editor model's exact text (CodeEditor exposes it on Monaco's container). */
const modelValue = (page: Page) =>
  page
    .getByTestId('code-editor')
    .locator('.monaco-editor')
    .evaluate((el) => (el.parentElement as HTMLElement & { modelValue: string }).modelValue);

describe('lists: search, name order, dates; new script starter code', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const tag = `lst${Date.now()}`;

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 1000 } });
    page = await context.newPage();
    await signIn(page);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('sorts names as people read them and searches workflows and executions by text', async () => {
    const names = ['beta', 'Alpha', 'alpha two', 'Charlie'].map((n) => `${tag} ${n}`);
    const ids: Record<string, string> = {};
    for (const name of names) {
      const input = { name, language: 'bash', status: 'active', content: 'echo listed' };
      ids[name] = (await trpc<{ id: string }>(page, 'scripts.create', input)).id;
      await trpc(page, 'workflows.create', { name });
    }

    // Scripts by name: "alpha two" next to "Alpha", not after every capital.
    await page.goto(`${baseUrl()}/scripts?q=${encodeURIComponent(tag)}&sort=name_asc`);
    const rows = page.getByTestId('scripts-table').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(4);
    const longestFirst = [...names].sort((a, b) => b.length - a.length);
    const order = await rows.evaluateAll(
      (trs, all) => trs.map((tr) => all.find((n) => tr.textContent?.includes(n)) ?? '?'),
      longestFirst,
    );
    expect(order).toEqual([`${tag} Alpha`, `${tag} alpha two`, `${tag} beta`, `${tag} Charlie`]);
    expect(await rows.first().locator('td[title]').last().getAttribute('title')).toMatch(DATE_TIME);

    // Workflows: a search box narrows the list.
    await page.goto(`${baseUrl()}/workflows`);
    await page.getByTestId('workflows-search').fill(`${tag} alpha`);
    await expect.poll(() => page.getByTestId('workflow-row').count(), { timeout: 15_000 }).toBe(2);

    // Executions: search by script name, then by the start of a run id.
    const run = await trpc<{ id: string }>(page, 'executions.execute', { id: ids[`${tag} Charlie`] });
    await trpc(page, 'executions.execute', { id: ids[`${tag} beta`] });
    await page.goto(`${baseUrl()}/executions`);
    await page.getByTestId('executions-search').fill(`${tag} charlie`);
    await expect.poll(() => page.getByTestId('execution-row').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('execution-row').textContent()).toContain(`${tag} Charlie`);
    expect(new URL(page.url()).searchParams.get('q')).toBe(`${tag} charlie`);
    await page.getByTestId('executions-search').fill(run.id.slice(0, 8));
    const only = page.getByTestId('execution-row');
    await expect.poll(() => only.getAttribute('data-execution-id'), { timeout: 15_000 }).toBe(run.id);
    const queued = await only.locator('td').evaluateAll((tds) => tds.map((td) => td.textContent?.trim() ?? ''));
    expect(queued.filter((x) => DATE_TIME.test(x)).length).toBeGreaterThanOrEqual(1);
  });

  it('opens a new script with starter code showing inputs, environment and result, per language', async () => {
    await page.goto(`${baseUrl()}/scripts/new`);
    await page.getByTestId('code-editor').locator('.monaco-editor').waitFor({ timeout: 30_000 });
    await expect.poll(() => modelValue(page), { timeout: 20_000 }).toContain('VSS_INPUT_FILE');
    const python = await modelValue(page);
    expect(python).toContain('os.environ');
    expect(python).toContain('VSS_RESULT_FILE');
    // Untouched, the starter follows the language.
    await page.getByTestId('script-language').selectOption('bash');
    await expect.poll(() => modelValue(page)).toMatch(/^#!\/usr\/bin\/env bash/);
    const bash = await modelValue(page);
    expect(bash).toContain('PARAM_NAME');
    expect(bash).toContain('$VSS_RESULT_FILE');
  });
});
