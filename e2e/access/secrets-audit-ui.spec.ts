import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser';

const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 100 });

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('secrets and the audit log in the settings UI', () => {
  it('stores a secret write-only, replaces and deletes it, and the audit page lists and exports the changes', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${baseUrl()}/settings/secrets`);
    expect(await page.getByTestId('secret-hint').textContent()).toContain('{{secret:NAME}}');

    const name = `CAM_PASS_${randomUUID().slice(0, 6).toUpperCase()}`;
    const value = `ui-secret-${randomUUID()}`;
    await page.getByTestId('secret-name').fill(name);
    await page.getByTestId('secret-value').fill(value);
    await page.getByTestId('secret-description').fill('camera admin password');
    await page.getByTestId('save-secret').click();
    const row = page.getByTestId(`secret-row-${name}`);
    await row.waitFor();
    expect(await row.textContent()).toContain(`{{secret:${name}}}`);
    expect(await row.textContent()).toContain('camera admin password');
    expect(await page.getByTestId('secret-value').inputValue()).toBe('');
    expect(await page.content()).not.toContain(value);

    await row.getByTestId('replace-secret').click();
    expect(await page.getByTestId('replace-secret-value').inputValue()).toBe(''); // never filled from the server
    await page.getByTestId('replace-secret-value').fill(`${value}-2`);
    await page.getByTestId('confirm-ok').click();
    await eventually(() => page.locator('dialog[open]').count()).toBe(0);
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(value);

    await row.getByTestId('delete-secret').click();
    await page.getByTestId('confirm-ok').click();
    await eventually(() => row.count()).toBe(0);

    // The audit page, filtered to secrets: upsert twice, delete once, newest first.
    await page.getByTestId('settings-tab-audit').click();
    await page.waitForURL((u) => u.pathname === '/scripts/settings/audit');
    await page.getByTestId('audit-entity').selectOption('secret');
    await page.getByTestId('audit-actor').fill('admin@e2e.test');
    await page.getByTestId('audit-apply').click();
    await page.waitForURL(
      (u) => u.searchParams.get('entity_type') === 'secret' && u.searchParams.get('actor') === 'admin@e2e.test',
    );
    const actions = () => page.getByTestId('audit-table').getByTestId('audit-row-action').allTextContents();
    // The newest three rows look the same before and after the filter applies: wait for the
    // filtered table (only secret actions) before reading it.
    await eventually(async () => (await actions()).every((a) => a.startsWith('secret.'))).toBe(true);
    await eventually(async () => (await actions()).slice(0, 3)).toEqual([
      'secret.delete',
      'secret.upsert',
      'secret.upsert',
    ]);

    const href = await page.getByTestId('audit-export').getAttribute('href');
    expect(href).toBe('/scripts/api/audit/export?entity_type=secret&actor=admin%40e2e.test');
    const csv = await page.request.get(`http://${new URL(baseUrl()).host}${href}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('at,actor_type,actor,action,entity_type,entity_id,summary,ip,user_agent');
    expect(lines.filter((l) => l.includes(`secret ${name}`))).toHaveLength(3);
    expect(lines.slice(1).every((l) => l.includes(',secret,'))).toBe(true);
    expect(lines.join('\n')).not.toContain(value);

    // A time range in the future matches nothing; clearing brings everything back.
    const tomorrow = new Date(Date.now() + 24 * 3600_000);
    const local = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}T00:00`;
    await page.getByTestId('audit-from').fill(local);
    await page.getByTestId('audit-apply').click();
    await page.getByTestId('audit-empty').waitFor();
    expect(new URL(page.url()).searchParams.get('from')).toBe(new Date(local).toISOString());
    await page.getByTestId('audit-clear').click();
    await eventually(() => new URL(page.url()).search).toBe('');
    await eventually(async () => (await actions()).length).toBeGreaterThan(3);
    await context.close();
  });

  it('refuses the audit export without a session', async () => {
    const res = await fetch(`${baseUrl()}/api/audit/export`);
    expect(res.status).toBe(401);
  });
});
