import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const baseUrl = () => inject('baseUrl');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Records every request to a host other than this machine: the product must make none. */
export function trackExternalRequests(context: BrowserContext): string[] {
  const external: string[] = [];
  context.on('request', (req) => {
    const url = new URL(req.url());
    if (
      ['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) &&
      !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
    ) {
      external.push(req.url());
    }
  });
  return external;
}

export async function signIn(
  page: Page,
  email = inject('adminEmail'),
  password = inject('adminPassword'),
): Promise<void> {
  await page.goto(`${baseUrl()}/signin`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((u) => !u.pathname.endsWith('/signin'), { timeout: 30_000 });
}
