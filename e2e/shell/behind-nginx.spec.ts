// Issue #20: the UI, its assets, /docs, REST, SSE live logs and sign-in/out behind a real nginx,
// with both blocks operators use (the README's keeps /scripts, the seed's strips it), each on a
// port other than 80, `proxy_set_header Host $host` dropping the port. The app is the suite's
// production build under BASE_PATH=/scripts; nginx runs in the foreground from a temp config.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { createKey } from '../support/api-key';
import { NGINX, startNginx, type RunningNginx } from '../support/nginx';

let browser: Browser;
let nginx: RunningNginx;
let apiKey: string;

beforeAll(async () => {
  if (!NGINX) return; // the blocks below are skipped; .ci/run installs nginx
  nginx = await startNginx(new URL(inject('appUrl')).host);
  browser = await launchBrowser();
  apiKey = await createKey('admin');
});
afterAll(async () => {
  await browser?.close();
  await nginx?.stop();
});

describe.skipIf(!NGINX).each([
  ['the README block (prefix kept)', 'kept'],
  ['the seed block (prefix stripped)', 'stripped'],
] as const)('behind nginx: %s', (_title, kind) => {
  let context: BrowserContext;
  let page: Page;
  /** Responses of this proxy that failed (assets, API calls): there must be none. */
  const failed: string[] = [];
  const url = () => `http://127.0.0.1:${nginx.ports[kind]}/scripts`;

  beforeAll(async () => {
    context = await browser.newContext({ locale: 'en-US' });
    page = await context.newPage();
    page.on('response', (r: Response) => {
      if (r.status() >= 400 && !r.url().includes('/api/auth/session')) failed.push(`${r.status()} ${r.url()}`);
    });
  });
  afterAll(async () => {
    await context?.close();
  });

  it('sends an anonymous visitor to sign-in inside the prefix, signs in, and loads every asset', async () => {
    await page.goto(`${url()}/`);
    expect(new URL(page.url()).pathname).toBe('/scripts/signin');
    expect(new URL(page.url()).port).toBe(String(nginx.ports[kind]));
    await page.locator('input[name=email]').fill(inject('adminEmail'));
    await page.locator('input[name=password]').fill(inject('adminPassword'));
    await page.locator('button[type=submit]').click();
    await page.waitForURL((u) => !u.pathname.endsWith('/signin'), { timeout: 30_000 });
    expect(new URL(page.url()).port).toBe(String(nginx.ports[kind]));
    await expect
      .poll(() => page.getByTestId('current-user').textContent(), { timeout: 20_000 })
      .toContain('admin@e2e.test');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Scripts' }).click();
    await page.waitForURL((u) => u.pathname === '/scripts/scripts', { timeout: 20_000 });
    expect(failed).toEqual([]);
  });

  it("a UI change (tRPC POST with the browser's Origin) is accepted, and a run streams its log live", async () => {
    const created = await page.evaluate(
      async (input) => {
        const res = await fetch('/scripts/api/trpc/scripts.create', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ json: input }),
        });
        return { status: res.status, body: await res.text() };
      },
      { name: `nginx ${kind} ${Date.now()}`, language: 'bash', content: 'echo "first"\nsleep 2\necho "last"\n' },
    );
    expect(created.status, created.body).toBe(200);
    const scriptId = (JSON.parse(created.body) as { result: { data: { json: { id: string } } } }).result.data.json.id;

    await page.goto(`${url()}/scripts/${scriptId}`);
    await page.getByTestId('run-panel').waitFor({ state: 'attached', timeout: 30_000 });
    const tab = page.getByTestId('tab-run');
    if (await tab.count()) await tab.click();
    await page.getByTestId('run-button').click();
    const snapshot = () =>
      page.evaluate(() => ({
        log: document.querySelector('[data-testid="run-panel"] [data-testid="live-log"]')?.textContent ?? '',
        status: document.querySelector('[data-testid="run-status"]')?.getAttribute('data-status') ?? null,
      }));
    // `first` on screen while still running: the events came through nginx as they happened.
    let live = false;
    await expect
      .poll(
        async () => {
          const s = await snapshot();
          if (s.log.includes('first') && !s.log.includes('last') && s.status === 'running') live = true;
          return s.status;
        },
        { timeout: 30_000, interval: 50 },
      )
      .toBe('succeeded');
    expect(live).toBe(true);
    expect((await snapshot()).log).toMatch(/first[\s\S]*last/);
    expect(failed).toEqual([]);
  });

  it('serves /docs with its assets, and REST with an API key and seed-style paging', async () => {
    await page.goto(`${url()}/docs`);
    await page.locator('#swagger-ui .info .title').waitFor({ timeout: 30_000 });
    expect(await page.locator('#swagger-ui .info .title').textContent()).toContain('VSS Script Orchestration API');
    const res = await fetch(`${url()}/api/v1/scripts/?skip=0&limit=1`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ page: 1, page_size: 1 });
    expect(failed).toEqual([]);
  });

  it("signs out to the sign-in page inside the prefix, on the proxy's port", async () => {
    await page.goto(`${url()}/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.pathname === '/scripts/signin', { timeout: 20_000 });
    expect(new URL(page.url()).port).toBe(String(nginx.ports[kind]));
    expect(failed).toEqual([]);
  });
});
