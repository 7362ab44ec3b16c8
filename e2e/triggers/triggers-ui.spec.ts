import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createHmac } from 'node:crypto';
import { baseUrl, launchBrowser, signIn, trackExternalRequests } from '../support/browser';

/** Screenshots for a human to look at; not compared by the test. */
const shotDir = path.join(os.tmpdir(), 'vss-e2e-screenshots');
mkdirSync(shotDir, { recursive: true });

type J<T> = { result: { data: { json: T } } };

describe('triggers UI', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let external: string[];

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 1100 } });
    external = trackExternalRequests(context);
    page = await context.newPage();
    await signIn(page);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('creates an event trigger with a live filter test, sends a test event, exposes a signed webhook and lists what they started', async () => {
    const scriptName = `e2e snapshot ${Date.now()}`;
    const res = await page.request.post(`${baseUrl()}/api/trpc/scripts.create`, {
      data: {
        json: {
          name: scriptName,
          language: 'bash',
          status: 'active',
          content: 'echo "snapshot of camera $PARAM_CAMERA_ID"',
        },
      },
    });
    const scriptId = ((await res.json()) as J<{ id: string }>).result.data.json.id;
    const ns = `e2e${Date.now()}`;

    await page.goto(`${baseUrl()}/triggers`);
    await page.getByTestId('new-trigger').click();
    await page.getByTestId('trigger-name').fill('camera snapshot');
    await page.getByTestId('trigger-pattern').fill(`${ns}.camera.*`);
    await page.getByTestId('trigger-target').selectOption(scriptId);
    await page.getByTestId('trigger-sample-type').fill(`${ns}.camera.alarm`);
    await page.getByTestId('trigger-filter').fill('payload.kind == "intrusion"');
    await expect
      .poll(() => page.getByTestId('trigger-test-filter').getAttribute('data-matched'), { timeout: 10_000 })
      .toBe('true');
    expect(await page.getByTestId('trigger-test-pattern').getAttribute('data-matched')).toBe('true');
    await page.getByTestId('trigger-sample-payload').fill('{"camera_id": 3, "kind": "motion"}');
    await expect
      .poll(() => page.getByTestId('trigger-test-filter').getAttribute('data-matched'), { timeout: 10_000 })
      .toBe('false');
    await page.getByTestId('trigger-sample-payload').fill('{"camera_id": 3, "kind": "intrusion"}');
    await expect
      .poll(
        () =>
          page
            .getByTestId('trigger-test-input')
            .textContent()
            .catch(() => ''),
        { timeout: 10_000 },
      )
      .toContain('"camera_id": 3');

    await page.getByTestId('trigger-webhook-enabled').check();
    await page.getByTestId('trigger-webhook-secret').fill('e2e-webhook-secret');
    await page.getByTestId('trigger-save').click();

    // The URL is shown once, with the base path.
    const url = (await page.getByTestId('webhook-url').textContent({ timeout: 15_000 }))!;
    expect(url).toMatch(new RegExp(`^${baseUrl().replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/api/v1/hooks/whk_`));

    // "Send test event": the real publish path; the run is linked.
    await page.getByTestId('trigger-send-test').click();
    const runLink = page.getByTestId('trigger-send-run').first();
    await runLink.waitFor({ timeout: 15_000 });

    // The webhook, called like an outside system would: unsigned is 404, signed is 202.
    const body = JSON.stringify({ camera_id: 9, kind: 'intrusion' });
    expect((await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } })).status).toBe(
      404,
    );
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = `sha256=${createHmac('sha256', 'e2e-webhook-secret').update(`${ts}.${body}`).digest('hex')}`;
    const hook = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'X-Signature-Timestamp': ts, 'X-Signature': sig },
    });
    expect(hook.status).toBe(202);
    const hookRun = ((await hook.json()) as { executions: { id: string }[] }).executions[0]!.id;

    // Recent events list both, with links to their runs.
    await expect
      .poll(() => page.getByTestId('trigger-event-row').count(), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: `${shotDir}/trigger-editor.png`, fullPage: true });
    const links = await page
      .getByTestId('trigger-event-run')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links.some((h) => h?.endsWith(`/executions/${hookRun}`))).toBe(true);
    await page.getByTestId('trigger-event-run').first().click();
    await page.waitForURL(/\/executions\/[0-9a-f-]{36}$/, { timeout: 15_000 });
    expect(external).toEqual([]);
  });

  it("asks for the target's parameters one by one and refuses a mapping that leaves a required one unset", async () => {
    const properties = { camera: { type: 'string' }, note: { type: 'string' } };
    const schema = { type: 'object', required: ['camera'], properties };
    const script = {
      name: `e2e mapped ${Date.now()}`,
      language: 'bash',
      status: 'active',
      content: 'echo "$PARAM_CAMERA"',
      parameters_schema: schema,
    };
    const res = await page.request.post(`${baseUrl()}/api/trpc/scripts.create`, { data: { json: script } });
    const scriptId = ((await res.json()) as J<{ id: string }>).result.data.json.id;
    await page.goto(`${baseUrl()}/triggers`);
    await page.getByTestId('new-trigger').click();
    await page.getByTestId('trigger-name').fill('needs camera');
    await page.getByTestId('trigger-pattern').fill(`m${Date.now()}.alarm`);
    await page.getByTestId('trigger-target').selectOption(scriptId);
    await page.getByTestId('mapping-note').fill('payload.note');
    expect(JSON.parse(await page.getByTestId('trigger-mapping').inputValue())).toEqual({ note: 'payload.note' });
    await page.getByTestId('trigger-save').click();
    const saveError = () =>
      page
        .getByTestId('trigger-save-error')
        .textContent()
        .catch(() => '');
    await expect.poll(saveError, { timeout: 10_000 }).toContain('parameter_mapping.camera');
    await page.getByTestId('mapping-camera').fill('payload.camera_id');
    await page.getByTestId('trigger-save').click();
    await expect.poll(() => page.getByTestId('trigger-save-error').count(), { timeout: 10_000 }).toBe(0);
  });
});
