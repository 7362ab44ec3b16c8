import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser';

const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 100 });

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** An operator account, created through the real service against the app's database. */
async function createOperator(email: string, password: string) {
  process.env.DATABASE_URL = inject('databaseUrl');
  process.env.REDIS_URL = inject('redisUrl');
  process.env.QUEUE_PREFIX = inject('queuePrefix');
  process.env.AUTH_SECRET ??= 'e2e-secret-e2e-secret-e2e-secret';
  const { createUser } = await import('@/server/users/create-user');
  await createUser({ actor: { type: 'system', reason: 'e2e' }, input: { email, role: 'operator', password } });
}

async function openRunPanel(page: Page, scriptId: string) {
  await page.goto(`${baseUrl()}/scripts/${scriptId}`);
  await page.getByTestId('run-panel').waitFor({ state: 'attached', timeout: 30_000 });
  const tab = page.getByTestId('tab-run');
  if (await tab.count()) await tab.click();
  await page.getByTestId('run-panel').waitFor({ state: 'visible' });
}

describe('secret scopes in the UI', () => {
  it("a new secret is admins-only; an operator's run is refused naming it; the scope editor opens it up; usage lists the script", async () => {
    const adminCtx = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
    const admin = await adminCtx.newPage();
    await signIn(admin);
    const name = `SCOPED_${randomUUID().slice(0, 6).toUpperCase()}`;
    const scriptName = `uses ${name}`;
    const created = await admin.request.post(`${baseUrl()}/api/trpc/scripts.create`, {
      data: {
        json: { name: scriptName, language: 'bash', content: `# needs X={{secret:${name}}}\necho "len=\${#X}"\n` },
      },
    });
    expect(created.status(), await created.text()).toBe(200);
    const scriptId = ((await created.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;

    await admin.goto(`${baseUrl()}/settings/secrets`);
    await admin.getByTestId('secret-name').fill(name);
    await admin.getByTestId('secret-value').fill('scoped-value-123');
    await admin.getByTestId('save-secret').click();
    const row = admin.getByTestId(`secret-row-${name}`);
    await row.waitFor();
    expect(await row.getByTestId('scope-admins-only-badge').textContent()).toBe('Admins only');

    const email = `scope-op-${randomUUID().slice(0, 8)}@e2e.test`;
    await createOperator(email, 'operator-pass-1');
    const opCtx = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
    const op = await opCtx.newPage();
    await signIn(op, email, 'operator-pass-1');
    await openRunPanel(op, scriptId);
    await op.getByTestId('env-add').click();
    await op.getByTestId('env-key-0').fill('X');
    await op.getByTestId('env-value-0').fill(`{{secret:${name}}}`);
    await op.getByTestId('run-button').click();
    await eventually(() => op.getByTestId('run-panel').getByRole('alert').first().textContent()).toContain(
      `secret ${name} may not be used here`,
    );
    expect(await op.getByTestId('run-panel').textContent()).toContain('only admins may use it');
    expect(await op.getByTestId('run-result').count()).toBe(0);

    // The admin opens it to operators, anywhere.
    await row.getByTestId('edit-scope').click();
    await admin.getByTestId('scope-admins-only').uncheck();
    await admin.getByTestId('scope-role-operator').check();
    await admin.getByTestId('scope-anywhere').check();
    await admin.getByTestId('confirm-ok').click();
    await eventually(() => row.getByTestId('secret-scope').textContent()).toContain('anywhere');
    expect(await row.getByTestId('secret-scope').textContent()).toContain('Operator');

    await row.getByTestId('secret-usage-open').click();
    await eventually(() => admin.getByTestId('secret-usage-scripts').textContent()).toContain(scriptName);
    await admin.getByTestId('confirm-ok').click();

    // Now the operator's run goes through, and the value never reaches the page.
    await op.getByTestId('run-button').click();
    await op.getByTestId('run-result').waitFor({ timeout: 30_000 });
    await eventually(() => op.getByTestId('run-panel').textContent()).toContain('len=16');
    expect(await op.content()).not.toContain('scoped-value-123');

    // The same page in Chinese.
    const zhCtx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const zh = await zhCtx.newPage();
    await signIn(zh);
    await zh.goto(`${baseUrl()}/settings/secrets`);
    await zh.getByTestId(`secret-row-${name}`).waitFor();
    expect(await zh.getByTestId('secrets-table').textContent()).toContain('使用范围');
    await Promise.all([adminCtx.close(), opCtx.close(), zhCtx.close()]);
  });
});
