import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser';
import { createKey } from '../support/api-key';

const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 100 });

let browser: Browser;
let scriptId: string;
let scriptName: string;

/** As the admin, through the Users settings page. */
async function createUserInUi(page: Page, email: string, role: string, password: string) {
  await page.goto(`${baseUrl()}/settings`);
  await page.waitForURL((u) => u.pathname === '/scripts/settings/users');
  await page.getByTestId('new-user-email').fill(email);
  await page.getByTestId('new-user-name').fill('E2E person');
  await page.getByTestId('new-user-role').selectOption(role);
  await page.getByTestId('new-user-password').fill(password);
  await page.getByTestId('create-user').click();
  await page.getByTestId(`user-row-${email}`).waitFor();
  await eventually(() => page.getByTestId('user-created').textContent()).toContain(email);
}

async function signInAttempt(page: Page, email: string, password: string) {
  await page.goto(`${baseUrl()}/signin`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.locator('button[type=submit]').click();
}

beforeAll(async () => {
  browser = await launchBrowser();
  const editor = await createKey('editor');
  scriptName = `viewer target ${randomUUID().slice(0, 8)}`;
  const res = await fetch(`${baseUrl()}/api/v1/scripts/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${editor}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: scriptName,
      content: 'echo "seen by a viewer"\n',
      language: 'bash',
      status: 'active',
    }),
  });
  expect(res.status).toBe(201);
  scriptId = ((await res.json()) as { id: string }).id;
});
afterAll(async () => {
  await browser?.close();
});

describe('a viewer, created by the admin in the Users page', () => {
  it('sees scripts without any control to change or run them, and the API refuses a mutation', async () => {
    const adminCtx = await browser.newContext({ locale: 'en-US' });
    const admin = await adminCtx.newPage();
    await signIn(admin);
    const email = `viewer-${randomUUID().slice(0, 8)}@e2e.test`;
    const password = 'viewer-pass-123';
    await createUserInUi(admin, email, 'viewer', password);
    expect(await admin.getByTestId(`user-row-${email}`).getByTestId('user-role').inputValue()).toBe('viewer');
    await adminCtx.close();

    const ctx = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, email, password);
    await eventually(() => page.getByTestId('current-user').textContent()).toContain(`${email} · viewer`);

    // The list: rows, but no New button and no selection for bulk changes.
    await page.goto(`${baseUrl()}/scripts`);
    await page.getByTestId(`script-row-${scriptId}`).waitFor();
    expect(await page.getByTestId('new-script').count()).toBe(0);
    expect(await page.getByTestId('select-all').count()).toBe(0);
    expect(await page.getByTestId(`select-${scriptId}`).count()).toBe(0);
    expect(await page.getByTestId('bulk-bar').count()).toBe(0);

    // The script page: content visible, no Save, no Run, no restore; every field read-only.
    await page.goto(`${baseUrl()}/scripts/${scriptId}`);
    await eventually(() => page.getByTestId('editor-title').textContent()).toContain(scriptName);
    await page.getByTestId('code-editor').locator('.monaco-editor').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('script-save').count()).toBe(0);
    expect(await page.getByTestId('run-panel').count()).toBe(0);
    expect(await page.getByTestId('run-button').count()).toBe(0);
    expect(await page.getByTestId('script-name').isDisabled()).toBe(true);
    expect(await page.getByTestId('script-status').isDisabled()).toBe(true);
    expect(await page.getByTestId('script-language').isDisabled()).toBe(true);
    // Read-only says so, and no hint tells how to edit.
    expect(await page.getByTestId('read-only').textContent()).toBe('Read only');
    expect(await page.getByTestId('save-state').count()).toBe(0);
    expect(await page.getByText('All changes saved').count()).toBe(0);
    expect(await page.getByText('Press Enter or comma to add.').count()).toBe(0);
    await page.getByTestId('tab-versions').click();
    await page.getByTestId('version-row-1').waitFor();
    expect(await page.locator('[data-testid^=restore-version-]').count()).toBe(0);

    // Settings: a viewer manages nothing, and no tab is offered.
    await page.goto(`${baseUrl()}/settings`);
    await eventually(() => page.getByTestId('settings-nothing').textContent()).toContain('Viewer');
    expect(await page.locator('[data-testid^=settings-tab-]').count()).toBe(0);
    await page.goto(`${baseUrl()}/settings/users`);
    await page.getByTestId('settings-forbidden').waitFor();
    expect(await page.getByTestId('users-table').count()).toBe(0);

    // The server refuses what the UI hides: a tRPC mutation with the viewer's session cookie.
    const refused = await page.request.post(`${baseUrl()}/api/trpc/scripts.create`, {
      headers: { 'content-type': 'application/json' },
      data: { json: { name: `viewer made ${Date.now()}`, content: 'echo no', language: 'bash' } },
    });
    expect(refused.status()).toBe(403);
    expect(JSON.stringify(await refused.json())).toContain('FORBIDDEN');
    const runRefused = await page.request.post(`${baseUrl()}/api/trpc/executions.execute`, {
      headers: { 'content-type': 'application/json' },
      data: { json: { id: scriptId } },
    });
    expect(runRefused.status()).toBe(403);
    // Reading is allowed with the same cookie, so the 403 above is about the role, not the session.
    const read = await page.request.get(
      `${baseUrl()}/api/trpc/scripts.get?input=${encodeURIComponent(JSON.stringify({ json: { id: scriptId } }))}`,
    );
    expect(read.status()).toBe(200);
    await ctx.close();
  });

  it('slows wrong passwords with a wait (never a lock), shows the failures to the admin, and a reset clears the wait', async () => {
    const adminCtx = await browser.newContext({ locale: 'en-US' });
    const admin = await adminCtx.newPage();
    await signIn(admin);
    const email = `locked-${randomUUID().slice(0, 8)}@e2e.test`;
    await createUserInUi(admin, email, 'operator', 'first-pass-123');

    const ctx = await browser.newContext({ locale: 'en-US' });
    const page = await ctx.newPage();
    for (let i = 1; i <= 3; i++) {
      await signInAttempt(page, email, `wrong-pass-${i}`);
      await eventually(() => page.locator('form [role=alert]').textContent()).toContain('Wrong email or password');
    }
    // Past the free failures, every try waits longer; inside the wait even the right password is refused unchecked.
    await signInAttempt(page, email, 'wrong-pass-4');
    await eventually(() => page.locator('form [role=alert]').textContent()).toContain('Wrong email or password');
    await signInAttempt(page, email, 'first-pass-123');
    await eventually(() => page.locator('form [role=alert]').textContent()).toMatch(/try again in \d+ s/);
    await admin.reload();
    const row = admin.getByTestId(`user-row-${email}`);
    await row.getByTestId('user-recent-failures').waitFor();
    // The address comes from the TCP peer, stamped by scripts/peer-address.mjs in the launched web process.
    expect(await row.getByTestId('user-recent-failures').getAttribute('title')).toMatch(
      /^Latest from (127\.0\.0\.1|::1) /,
    );
    await row.getByTestId('user-reset-password').click();
    await admin.getByTestId('reset-password-input').fill('second-pass-456');
    await admin.getByTestId('confirm-ok').click();
    await eventually(() => admin.getByTestId('users-notice').textContent()).toContain(email);

    await signIn(page, email, 'second-pass-456');
    await eventually(() => page.getByTestId('current-user').textContent()).toContain(`${email} · operator`);
    await ctx.close();

    // Disabling in the UI ends the session at once: the next tRPC call answers 401.
    const ctx2 = await browser.newContext({ locale: 'en-US' });
    const page2 = await ctx2.newPage();
    await signIn(page2, email, 'second-pass-456');
    await row.getByTestId('user-disable').click();
    await admin.getByTestId('confirm-ok').click();
    await row.getByTestId('user-disabled').waitFor();
    const after = await page2.request.get(`${baseUrl()}/api/trpc/me.get`);
    expect(after.status()).toBe(401);
    await ctx2.close();
    await adminCtx.close();
  });
});
