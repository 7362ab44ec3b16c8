/**
 * Settings → Alerts and a script's Alerts tab against the production build and its real worker:
 * an admin adds a signed webhook channel and sends a test message to a receiver this spec runs;
 * a rule made on the script page sends the failure of a real run; its delivery log says so. The
 * app has no PUBLIC_URL here, so the link is the relative path under BASE_PATH.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { webhookReceiver, type Receiver } from '@/server/alerts/tests/receivers';
import { baseUrl, launchBrowser, signIn } from '../support/browser';

const eventually = <T>(fn: () => T | Promise<T>, timeout = 30_000) => expect.poll(fn, { timeout, interval: 200 });

let browser: Browser;
let receiver: Receiver;
const SECRET = 'e2e-alert-signing-secret';

beforeAll(async () => {
  browser = await launchBrowser();
  receiver = await webhookReceiver(SECRET);
});
afterAll(async () => {
  await browser?.close();
  await receiver?.close();
});

describe('alerts in the UI', () => {
  it('adds a channel and tests it, adds a rule on a script page, and a failing run is delivered and logged', async () => {
    const ctx = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page);
    const channel = `ops hook ${randomUUID().slice(0, 6)}`;

    await page.goto(`${baseUrl()}/settings/alerts`);
    await page.getByTestId('alert-channel-type').selectOption('webhook');
    await page.getByTestId('alert-channel-name').fill(channel);
    await page.getByTestId('alert-channel-url').fill(receiver.url);
    await page.getByTestId('alert-channel-secret').fill(SECRET);
    await page.getByTestId('save-alert-channel').click();
    const row = page.getByTestId(`alert-channel-row-${channel}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('secret set');
    expect(await page.content()).not.toContain(SECRET);

    await page.getByTestId(`test-alert-channel-${channel}`).click();
    await eventually(() => page.getByTestId(`alert-channel-test-result-${channel}`).textContent()).toContain(
      'Delivered (answer 204',
    );
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.verdict).toBe('accepted'); // signature checked by the receiver
    expect(receiver.received[0]!.body).toMatchObject({ event: 'test' });

    const created = await page.request.post(`${baseUrl()}/api/trpc/scripts.create`, {
      data: {
        json: {
          name: `alerting ${randomUUID().slice(0, 6)}`,
          language: 'bash',
          content: 'echo "disk check"\necho "disk /dev/sdb missing" >&2\nexit 1\n',
        },
      },
    });
    expect(created.status(), await created.text()).toBe(200);
    const scriptId = ((await created.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;

    await page.goto(`${baseUrl()}/scripts/${scriptId}`);
    await page.getByTestId('tab-alerts').click();
    const panel = page.getByTestId('alerts-panel');
    await panel.waitFor();
    const rule = `disk alerts ${randomUUID().slice(0, 6)}`;
    await panel.getByTestId('alert-rule-name').fill(rule);
    await panel.getByTestId(`alert-rule-channel-${channel}`).check();
    await panel.getByTestId('alert-rule-throttle').fill('0');
    await panel.getByTestId('alert-rule-language').selectOption('en');
    await panel.getByTestId('save-alert-rule').click();
    await panel.getByTestId(`alert-rule-${rule}`).waitFor();

    const run = await page.request.post(`${baseUrl()}/api/trpc/executions.execute`, {
      data: { json: { id: scriptId } },
    });
    expect(run.status(), await run.text()).toBe(200);
    const executionId = ((await run.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;
    await eventually(() => receiver.received.length).toBe(2);
    const message = receiver.received[1]!;
    expect(message.verdict).toBe('accepted');
    expect(message.body).toMatchObject({
      event: 'failed',
      language: 'en',
      link: `${new URL(baseUrl()).pathname}/executions/${executionId}`,
      run: { id: executionId, status: 'failed' },
      output_tail: expect.stringContaining('disk /dev/sdb missing'),
    });

    await panel.getByTestId(`alert-rule-log-${rule}`).click();
    await eventually(() => panel.getByTestId('delivery-row').first().textContent()).toContain('sent');
    expect(await panel.getByTestId('delivery-row').first().textContent()).toContain(channel);

    // Deleting asks first; cancel keeps the rule, confirm removes it.
    await panel.getByTestId(`delete-alert-rule-${rule}`).click();
    const dialog = page.locator('dialog[open][data-testid="confirm-dialog"]');
    await eventually(() => dialog.count()).toBe(1);
    expect(await dialog.textContent()).toContain(rule);
    await dialog.getByTestId('confirm-cancel').click();
    await eventually(() => dialog.count()).toBe(0);
    expect(await panel.getByTestId(`alert-rule-${rule}`).count()).toBe(1);
    await panel.getByTestId(`delete-alert-rule-${rule}`).click();
    await dialog.getByTestId('confirm-ok').click();
    await eventually(() => panel.getByTestId(`alert-rule-${rule}`).count()).toBe(0);
    await ctx.close();
  });
});
