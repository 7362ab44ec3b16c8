import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { baseUrl, launchBrowser, signIn } from '../support/browser';

/** Screenshots for a human to look at; not compared by the test. */
const shotDir = path.join(os.tmpdir(), 'vss-e2e-screenshots');

/** Creates a script through tRPC with the page's session cookie (superjson wraps the input as `{ json }`). */
async function createScript(page: Page, input: Record<string, unknown>): Promise<string> {
  const res = await page.request.post(`${baseUrl()}/api/trpc/scripts.create`, { data: { json: input } });
  expect(res.status(), await res.text()).toBe(200);
  const body = (await res.json()) as { result: { data: { json: { id: string } } } };
  return body.result.data.json.id;
}

/** Log text and status badge read in one go, so an assertion about both sees the same instant. */
function runSnapshot(page: Page) {
  return page.evaluate(() => ({
    log: document.querySelector('[data-testid="run-panel"] [data-testid="live-log"]')?.textContent ?? '',
    status: document.querySelector('[data-testid="run-status"]')?.getAttribute('data-status') ?? null,
  }));
}

/** The editor page keeps the run panel in a side tab; select it when there is one. */
async function openRunPanel(page: Page, scriptId: string) {
  await page.goto(`${baseUrl()}/scripts/${scriptId}`);
  await page.getByTestId('run-panel').waitFor({ state: 'attached', timeout: 30_000 });
  const tab = page.getByTestId('tab-run');
  if (await tab.count()) await tab.click();
  await page.getByTestId('run-panel').waitFor({ state: 'visible' });
}

describe('running a script from the run panel', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(shotDir, { recursive: true });
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 1100 } });
    page = await context.newPage();
    await signIn(page);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('streams the log live while the run is going, then shows the outcome, list entry and detail page', async () => {
    const camera = `cam-north-${Date.now() % 10_000}`;
    const name = `e2e live log ${Date.now()}`;
    const scriptId = await createScript(page, {
      name,
      language: 'bash',
      parameters_schema: { type: 'object', properties: { camera: { type: 'string' } }, required: ['camera'] },
      content: [
        'echo "start $PARAM_CAMERA"',
        'sleep 1.5',
        'echo "middle"',
        'sleep 1.5',
        'echo "end"',
        'printf \'{"camera":"%s","frames":3}\' "$PARAM_CAMERA" > "$VSS_RESULT_FILE"',
      ].join('\n'),
    });
    await openRunPanel(page, scriptId);

    // The server's schema check reports the missing parameter next to its input.
    await page.getByTestId('run-button').click();
    await expect
      .poll(() => page.getByTestId('param-error-camera').textContent(), { timeout: 10_000 })
      .toContain('is required');

    // A marker on window proves later that nothing reloaded the page.
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await page.getByTestId('param-camera').fill(camera);
    await page.getByTestId('run-button').click();

    // `start` must be on screen while the badge still says running and before `end` exists.
    let seenWhileRunning: { log: string; status: string | null } | null = null;
    await expect
      .poll(
        async () => {
          const snap = await runSnapshot(page);
          if (snap.log.includes(`start ${camera}`) && snap.status === 'running') seenWhileRunning = snap;
          return seenWhileRunning !== null;
        },
        { timeout: 20_000, interval: 50 },
      )
      .toBe(true);
    expect(seenWhileRunning!.log).not.toContain('end');
    expect(await page.getByTestId('param-error-camera').count()).toBe(0);

    await expect.poll(async () => (await runSnapshot(page)).status, { timeout: 20_000 }).toBe('succeeded');
    const finalLog = await page.getByTestId('run-panel').getByTestId('live-log').textContent();
    expect(finalLog).toMatch(new RegExp(`start ${camera}[\\s\\S]*middle[\\s\\S]*end`));
    expect(await page.getByTestId('run-exit-code').textContent()).toBe('0');
    expect(await page.getByTestId('run-status').textContent()).toBe('Succeeded');
    await expect.poll(() => page.getByTestId('run-result-json').textContent()).toContain(`"camera": "${camera}"`);
    expect(await page.locator('[data-testid="live-log"] [data-stream="stdout"]').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining(`start ${camera}`), expect.stringContaining('end')]),
    );
    expect(await page.getByTestId('cancel-run').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await page.getByTestId('run-panel').screenshot({ path: path.join(shotDir, 'run-panel-succeeded.png') });

    const executionId = await page.getByTestId('run-result').getAttribute('data-execution-id');
    expect(executionId).toBeTruthy();

    // The run is in the list, with its script and final status.
    await page.goto(`${baseUrl()}/executions`);
    const row = page.locator(`[data-testid="execution-row"][data-execution-id="${executionId}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain(name);
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('succeeded');
    await page.screenshot({ path: path.join(shotDir, 'executions-list.png') });

    // Row click opens the detail page with the full stored log.
    await row.click();
    await page.waitForURL((u) => u.pathname === `/scripts/executions/${executionId}`, { timeout: 15_000 });
    await expect
      .poll(() => page.getByTestId('execution-status').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('succeeded');
    await expect
      .poll(() => page.getByTestId('live-log').textContent(), { timeout: 15_000 })
      .toMatch(new RegExp(`start ${camera}[\\s\\S]*middle[\\s\\S]*end`));
    expect(await page.getByTestId('meta-script').locator('a').getAttribute('href')).toBe(
      `/scripts/scripts/${scriptId}`,
    );
    expect(await page.getByTestId('execution-params').textContent()).toContain(camera);
    expect(await page.getByTestId('attempts-table').locator('tbody tr').count()).toBe(1);
    await page.screenshot({ path: path.join(shotDir, 'execution-detail.png'), fullPage: true });
  });

  it('shows live log size and the running attempt on the detail page; cancel and re-run ask first', async () => {
    const content = 'echo "first line of output"\nsleep 20\necho never';
    const scriptId = await createScript(page, { name: `e2e live meta ${Date.now()}`, language: 'bash', content });
    const execute = `${baseUrl()}/api/trpc/executions.execute`;
    const started = await page.request.post(execute, { data: { json: { id: scriptId } } });
    expect(started.status()).toBe(200);
    const executionId = ((await started.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;
    await page.goto(`${baseUrl()}/executions/${executionId}`);
    const status = () => page.getByTestId('execution-status').getAttribute('data-status');
    await expect.poll(status, { timeout: 20_000 }).toBe('running');
    const log = () => page.getByTestId('live-log').textContent();
    await expect.poll(log, { timeout: 20_000 }).toContain('first line of output');
    // While it streams: the log size counts what arrived, and the attempt in progress is listed.
    expect(await page.getByTestId('meta-log-size').textContent()).not.toMatch(/^0 B/);
    await page.getByTestId('attempt-live').waitFor({ timeout: 5_000 });
    expect(await page.getByText('Not started yet.').count()).toBe(0);

    // Cancel asks first; "keep running" leaves the run alone.
    await page.getByTestId('cancel-run').click();
    await page.locator('[data-testid="confirm-dialog"][open]').waitFor();
    await page.getByTestId('confirm-cancel').click();
    expect(await page.getByTestId('execution-status').getAttribute('data-status')).toBe('running');
    await page.getByTestId('cancel-run').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(status, { timeout: 20_000 }).toBe('cancelled');

    // Re-run asks too, and only the confirmation starts a new run.
    await page.getByTestId('rerun-button').click();
    await page.getByTestId('confirm-cancel').click();
    expect(new URL(page.url()).pathname).toBe(`/scripts/executions/${executionId}`);
    await page.getByTestId('rerun-button').click();
    await page.getByTestId('confirm-ok').click();
    const another = (u: URL) => u.pathname.startsWith('/scripts/executions/') && !u.pathname.endsWith(executionId);
    await page.waitForURL(another, { timeout: 15_000 });
    await page.getByTestId('cancel-run').click();
    await page.getByTestId('confirm-ok').click();
  });

  it('runs a script without a schema: key/value parameters, environment, stderr and a failing exit code', async () => {
    const scriptId = await createScript(page, {
      name: `e2e failing ${Date.now()}`,
      language: 'bash',
      content: ['echo "zone=$PARAM_ZONE mode=$MY_MODE"', 'echo "camera offline" >&2', 'exit 3'].join('\n'),
    });
    await openRunPanel(page, scriptId);
    await page.getByTestId('param-add').click();
    await page.getByTestId('param-key-0').fill('zone');
    await page.getByTestId('param-value-0').fill('z1');
    await page.getByTestId('env-add').click();
    await page.getByTestId('env-key-0').fill('MY_MODE');
    await page.getByTestId('env-value-0').fill('night');
    await page.getByTestId('run-button').click();

    await expect.poll(async () => (await runSnapshot(page)).status, { timeout: 20_000 }).toBe('failed');
    const log = page.getByTestId('run-panel').getByTestId('live-log');
    expect(await log.locator('[data-stream="stdout"]').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('zone=z1 mode=night')]),
    );
    const stderr = log.locator('[data-stream="stderr"]').filter({ hasText: 'camera offline' });
    expect(await stderr.count()).toBe(1);
    expect(await stderr.locator('span').last().getAttribute('class')).toContain('text-red');
    expect(await page.getByTestId('run-exit-code').textContent()).toBe('3');
  });

  it('reports a reserved environment variable name next to its row', async () => {
    const scriptId = await createScript(page, {
      name: `e2e env check ${Date.now()}`,
      language: 'bash',
      content: 'echo hi',
    });
    await openRunPanel(page, scriptId);
    await page.getByTestId('env-add').click();
    await page.getByTestId('env-key-0').fill('PATH');
    await page.getByTestId('env-value-0').fill('/tmp');
    await page.getByTestId('run-button').click();
    await expect
      .poll(() => page.getByTestId('run-panel').getByRole('alert').first().textContent(), { timeout: 10_000 })
      .toContain('reserved');
    expect(await page.getByTestId('run-result').count()).toBe(0);
  });
});
