import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, signIn, trackExternalRequests } from '../support/browser';

const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 100 });

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const listScripts = (key: string) =>
  fetch(`${baseUrl()}/api/v1/scripts/`, { headers: { authorization: `Bearer ${key}` } });

describe('API keys in the settings UI', () => {
  it('shows a new key once, the key works over REST, and revoking it in the UI refuses it', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const external = trackExternalRequests(context);
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${baseUrl()}/settings`);
    await page.getByTestId('settings-tab-api-keys').click();
    await page.waitForURL((u) => u.pathname === '/scripts/settings/api-keys');

    // An admin may give any role; an expiry is optional.
    expect(
      await page
        .getByTestId('new-key-role')
        .locator('option')
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)),
    ).toEqual(['admin', 'editor', 'operator', 'viewer']);
    const name = `ui-key-${Date.now()}`;
    await page.getByTestId('new-key-name').fill(name);
    await page.getByTestId('new-key-role').selectOption('editor');
    await page.getByTestId('new-key-expiry').selectOption('30');
    await page.getByTestId('create-key').click();

    const box = page.getByTestId('new-key-box');
    await box.waitFor();
    expect(await box.textContent()).toContain('only time it is shown');
    const key = await page.getByTestId('new-key-value').inputValue();
    expect(key).toMatch(/^vss_[0-9a-f]{12}_[A-Za-z0-9_-]{20,}$/);
    const row = page.getByTestId(`key-row-${name}`);
    await row.waitFor();
    expect(await row.getByTestId('key-prefix').textContent()).toBe(`${key.slice(0, 16)}_…`);
    expect(await row.textContent()).toContain('Editor');
    expect(await row.textContent()).toContain('admin@e2e.test');

    const ok = await listScripts(key);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ items: expect.any(Array), page: 1 });

    // Dismissed, or after a reload, the key is nowhere on the page; the use shows as "last used".
    await page.getByTestId('dismiss-key').click();
    expect(await page.getByTestId('new-key-box').count()).toBe(0);
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(key);
    expect(await page.content()).not.toContain(key.slice(17));
    await eventually(async () => {
      await page.reload();
      return row.locator('td').nth(4).textContent();
    }).not.toBe('Never');

    await row.getByTestId('revoke-key').click();
    await page.getByTestId('confirm-ok').click();
    await eventually(() => row.getByTestId('key-state').textContent()).toBe('Revoked');
    expect(await row.getByTestId('revoke-key').count()).toBe(0);

    const refused = await listScripts(key);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({
      error: { code: 'UNAUTHORIZED', message: 'unknown or revoked API key' },
    });
    expect(external).toEqual([]);
    await context.close();
  });

  it('offers an operator only roles up to operator', async () => {
    const adminCtx = await browser.newContext({ locale: 'en-US' });
    const admin = await adminCtx.newPage();
    await signIn(admin);
    await admin.goto(`${baseUrl()}/settings/users`);
    const email = `op-${Date.now()}@e2e.test`;
    await admin.getByTestId('new-user-email').fill(email);
    await admin.getByTestId('new-user-role').selectOption('operator');
    await admin.getByTestId('new-user-password').fill('operator-pass-1');
    await admin.getByTestId('create-user').click();
    await admin.getByTestId(`user-row-${email}`).waitFor();
    await adminCtx.close();

    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await signIn(page, email, 'operator-pass-1');
    await page.goto(`${baseUrl()}/settings`);
    await page.waitForURL((u) => u.pathname === '/scripts/settings/api-keys');
    // An operator has keys but no users, secrets or audit tabs.
    expect(
      await page
        .locator('[data-testid^=settings-tab-]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid'))),
    ).toEqual(['settings-tab-api-keys']);
    await page.getByTestId('new-key-role').waitFor();
    expect(
      await page
        .getByTestId('new-key-role')
        .locator('option')
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)),
    ).toEqual(['operator', 'viewer']);
    await page.getByTestId('new-key-name').fill('mine');
    await page.getByTestId('new-key-expiry').selectOption('never');
    await page.getByTestId('create-key').click();
    const key = await (async () => {
      await page.getByTestId('new-key-value').waitFor();
      return page.getByTestId('new-key-value').inputValue();
    })();
    const created = await fetch(`${baseUrl()}/api/v1/scripts/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `op key ${Date.now()}`, content: 'echo', language: 'bash' }),
    });
    expect(created.status).toBe(403);
    await context.close();
  });
});
