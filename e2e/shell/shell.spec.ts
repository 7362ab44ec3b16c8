import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, signIn, trackExternalRequests } from '../support/browser';

describe('application shell behind the /scripts prefix', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('redirects an anonymous visitor to sign-in and refuses a wrong password', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/`);
    expect(new URL(page.url()).pathname).toBe('/scripts/signin');
    await page.locator('input[name=email]').fill('admin@e2e.test');
    await page.locator('input[name=password]').fill('not-the-password-1');
    await page.locator('button[type=submit]').click();
    await expect.poll(() => page.locator('form [role=alert]').textContent()).toContain('Wrong email or password');
    await context.close();
  });

  it('signs in as the admin, shows the shell, switches language and theme', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const external = trackExternalRequests(context);
    const page = await context.newPage();
    await signIn(page);
    expect(new URL(page.url()).pathname).toMatch(/^\/scripts\/?$/);
    await expect.poll(() => page.getByTestId('current-user').textContent()).toContain('admin@e2e.test · admin');
    const nav = page.getByRole('navigation', { name: 'main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Dashboard',
      'Scripts',
      'Workflows',
      'Executions',
      'Templates',
      'Schedules',
      'Triggers',
      'Workers',
      'Settings',
    ]);
    // Health card is fed through tRPC under the prefix
    await expect
      .poll(() => page.getByText('PostgreSQL').locator('..').textContent(), { timeout: 15_000 })
      .toContain('OK');

    await page.getByTestId('lang-switch').click();
    await expect.poll(() => nav.getByRole('link').first().textContent()).toBe('仪表盘');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.reload();
    await expect.poll(() => nav.getByRole('link').nth(1).textContent()).toBe('脚本'); // choice survives reload

    expect((await page.locator('html').getAttribute('class')) ?? '').not.toContain('dark');
    await page.getByTestId('theme-switch').click();
    expect(await page.locator('html').getAttribute('class')).toContain('dark');
    await page.reload();
    expect(await page.locator('html').getAttribute('class')).toContain('dark');
    expect(external).toEqual([]);
    await context.close();
  });

  it('answers 401 to an unauthenticated tRPC call and serves health endpoints', async () => {
    const res = await fetch(`${baseUrl()}/api/trpc/me.get`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { json: { data: { code: string } } } };
    expect(body.error.json.data.code).toBe('UNAUTHORIZED');
    const health = await fetch(`${baseUrl()}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'healthy' });
    const ready = await fetch(`${baseUrl()}/ready`);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { postgres: 'ok', redis: 'ok' } });
  });

  it('refuses a cross-site tRPC mutation', async () => {
    const res = await fetch(`${baseUrl()}/api/trpc/setup.createAdmin`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ json: { email: 'x@y.z', password: 'abcdefghij1' } }),
    });
    expect(res.status).toBe(403);
  });
});
