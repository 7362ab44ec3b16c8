import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createKey } from '../support/api-key';
import { baseUrl, launchBrowser, signIn } from '../support/browser';
import { restClient } from '../rest/rest-client';
import { isUntranslated, visibleTexts } from './latin-text';

/**
 * The whole UI in Chinese: every page is visited with the zh locale and its visible text must not
 * hold strings made only of Latin letters, except product and technical names and the data this
 * test created. The server's messages (validation findings, workflow issues, execution errors, audit
 * summaries, built-in templates, trigger and state names) must arrive in Chinese too.
 */
const eventually = <T>(fn: () => T | Promise<T>, timeout = 30_000) => expect.poll(fn, { timeout, interval: 200 });

const tag = `zhpass${Date.now().toString(36)}`;
// Data of this test and of the environment, not UI text: its own names, the first admin's e-mail and
// name (ADMIN_EMAIL, 'Administrator'), what its script prints, the workflow's node keys, the host name
// that names the worker. The names of everything else in the database are added before the visits:
// other spec files of the suite share it.
const USER_DATA = [tag, 'admin@e2e.test', 'Administrator', 'failing', 'start', 'step', 'end', hostname()];

/** The names people gave to things in the database under test (never the built-in templates' names). */
async function databaseNames(): Promise<string[]> {
  process.env.DATABASE_URL = inject('databaseUrl');
  const { db } = await import('@/db/client');
  const s = await import('@/db/schema');
  const { isNull } = await import('drizzle-orm');
  const lists = await Promise.all([
    db().select({ n: s.scripts.name }).from(s.scripts),
    db().select({ n: s.workflows.name }).from(s.workflows),
    db().select({ n: s.schedules.name }).from(s.schedules),
    db().select({ n: s.triggers.name }).from(s.triggers),
    db().select({ n: s.apiKeys.name }).from(s.apiKeys),
    db().select({ n: s.users.name }).from(s.users),
    db().select({ n: s.secrets.name }).from(s.secrets),
    db().select({ n: s.hostResources.name }).from(s.hostResources),
    db().select({ n: s.scriptTemplates.name }).from(s.scriptTemplates).where(isNull(s.scriptTemplates.builtinKey)),
  ]);
  return [
    ...new Set(
      lists
        .flat()
        .map((r) => r.n)
        .filter((n): n is string => !!n && n.trim().length > 0),
    ),
  ];
}

let key = '';
const call = restClient(() => key);
const json = async (res: Response) => {
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body;
};

/** expect.poll only works inside a test; the data is made in beforeAll. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const waitForStatus = (id: string, done: (s: string) => boolean) =>
  until(`execution ${id}`, async () => {
    const execution = await json(await call('GET', `/api/v1/scripts/executions/${id}`));
    return done(String(execution.status));
  });

/** Waits until the page stops loading (no "加载中" and the same text twice in a row), then answers its text. */
async function settledTexts(page: Page): Promise<string[]> {
  let previous = '';
  let texts: string[] = [];
  await eventually(async () => {
    texts = await visibleTexts(page);
    const joined = texts.join('\n');
    const stable = joined === previous && !joined.includes('加载中');
    previous = joined;
    return stable;
  }).toBe(true);
  return texts;
}

describe('the UI in Chinese', () => {
  let browser: Browser;
  let page: Page;
  const hits: string[] = [];
  const data: Record<string, string> = {};

  /** Visits a page and records every untranslated string on it. */
  async function visit(path: string, ready?: (p: Page) => Promise<unknown>): Promise<string[]> {
    await page.goto(`${baseUrl()}${path}`);
    if (ready) await ready(page);
    const texts = await settledTexts(page);
    for (const text of texts) if (isUntranslated(text, USER_DATA)) hits.push(`${path}: ${text}`);
    return texts;
  }

  beforeAll(async () => {
    key = await createKey('admin', `${tag}-key`);
    const script = (name: string, content: string, status = 'active') =>
      call('POST', '/api/v1/scripts/', { body: { name: `${tag}-${name}`, content, language: 'bash', status } }).then(
        json,
      );
    const ok = await script('ok', 'echo hello');
    const fail = await script('fail', 'echo failing >&2\nexit 3');
    const slow = await script('slow', 'sleep 30');
    const risky = await script('risky', 'rm -rf /\ncrontab -r\n', 'draft');
    data.ok = ok.id;
    data.risky = risky.id;

    data.failRun = (await json(await call('POST', `/api/v1/scripts/${fail.id}/execute`, { body: { wait: true } }))).id;
    await json(await call('POST', `/api/v1/scripts/${ok.id}/execute`, { body: { wait: true } }));
    const slowRun = await json(await call('POST', `/api/v1/scripts/${slow.id}/execute`, { body: {} }));
    await waitForStatus(slowRun.id, (s) => s === 'running');
    await json(await call('POST', `/api/v1/scripts/executions/${slowRun.id}/cancel`));
    await waitForStatus(slowRun.id, (s) => s === 'cancelled');
    data.cancelledRun = slowRun.id;

    const trigger = await json(
      await call('POST', '/api/v1/triggers/', {
        body: {
          name: `${tag}-hook`,
          event_pattern: `${tag}.*`,
          target_type: 'script',
          target_id: ok.id,
          webhook_enabled: true,
        },
      }),
    );
    const hook = await fetch(`${baseUrl()}${trigger.webhook_path}`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(hook.status).toBe(202);
    await json(
      await call('POST', '/api/v1/schedules/', {
        body: {
          name: `${tag}-nightly`,
          target_type: 'script',
          target_id: ok.id,
          cron_expression: '0 2 * * *',
          timezone: 'Asia/Shanghai',
        },
      }),
    );

    const edge = (id: string, source: string, target: string) => ({ id, source, target });
    const valid = await json(
      await call('POST', '/api/v1/workflows/', {
        body: {
          name: `${tag}-flow`,
          graph: {
            nodes: [
              { key: 'start', type: 'start' },
              { key: 'step', type: 'script', config: { script_id: ok.id } },
              { key: 'end', type: 'end' },
            ],
            edges: [edge('a', 'start', 'step'), edge('b', 'step', 'end')],
          },
        },
      }),
    );
    await json(await call('POST', `/api/v1/workflows/${valid.id}/activate`));
    const run = await json(await call('POST', `/api/v1/workflows/${valid.id}/run`, { body: { input: {} } }));
    await until('the workflow run', async () => {
      const state = await json(await call('GET', `/api/v1/workflows/runs/${run.id}`));
      return state.status === 'succeeded';
    });
    data.workflow = valid.id;
    data.run = run.id;
    const failing = await json(
      await call('POST', '/api/v1/workflows/', {
        body: {
          name: `${tag}-failing`,
          graph: {
            // Laid out one under the other: the run view's nodes must not cover each other for the click.
            nodes: [
              { key: 'start', type: 'start', position: { x: 0, y: 0 } },
              { key: 'step', type: 'script', config: { script_id: fail.id }, position: { x: 0, y: 200 } },
              { key: 'end', type: 'end', position: { x: 0, y: 400 } },
            ],
            edges: [edge('a', 'start', 'step'), edge('b', 'step', 'end')],
          },
        },
      }),
    );
    await json(await call('POST', `/api/v1/workflows/${failing.id}/activate`));
    const failedRun = await json(await call('POST', `/api/v1/workflows/${failing.id}/run`, { body: { input: {} } }));
    await until('the failing workflow run', async () => {
      const state = await json(await call('GET', `/api/v1/workflows/runs/${failedRun.id}`));
      return state.status === 'failed';
    });
    data.failedRun = failedRun.id;
    const invalid = await json(
      await call('POST', '/api/v1/workflows/', {
        body: {
          name: `${tag}-broken`,
          graph: {
            nodes: [
              { key: 'start', type: 'start' },
              { key: 'step', type: 'script', config: {} },
              { key: 'end', type: 'end' },
            ],
            edges: [edge('a', 'start', 'step'), edge('b', 'step', 'end')],
          },
        },
      }),
    );
    data.broken = invalid.id;

    USER_DATA.push(...(await databaseNames()));
    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
    await context.addCookies([{ name: 'vss-locale', value: 'zh', url: baseUrl() }]);
    page = await context.newPage();
    await signIn(page);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows dangerous-command findings and syntax errors in Chinese in the Problems panel', async () => {
    await visit(`/scripts/${data.risky}`, (p) => p.getByTestId('validation-item').first().waitFor({ timeout: 30_000 }));
    const messages = await page.getByTestId('validation-message').allTextContents();
    expect(messages).toContain('递归删除文件系统根目录、主目录或顶层系统目录会清空整台主机。');
    expect(messages).toContain('`crontab -r` 会不经确认删除该用户的所有定时任务。');
  });

  it('shows the built-in templates in Chinese', async () => {
    await visit('/templates', (p) => p.getByTestId('template-card').first().waitFor());
    const card = page.locator('[data-testid="template-card"][data-builtin-key="disk-usage-alert"]');
    expect(await card.locator('h2').textContent()).toBe('磁盘使用率告警');
    const categories = await page.getByTestId('templates-filter-category').locator('option').allTextContents();
    expect(categories).toEqual(expect.arrayContaining(['运维', '监控']));
    await card.click();
    await page.getByTestId('template-detail').waitFor();
    await eventually(() => page.getByTestId('template-title').textContent()).toBe('磁盘使用率告警');
    const texts = await settledTexts(page);
    for (const text of texts) if (isUntranslated(text, USER_DATA)) hits.push(`/templates/<disk-usage-alert>: ${text}`);
    expect(texts).toContain('告警阈值（%）');
  });

  it('shows execution errors, trigger names and schedule states in Chinese', async () => {
    await visit(`/executions/${data.failRun}`, (p) => p.getByTestId('meta-error').waitFor());
    expect(await page.getByTestId('meta-error').textContent()).toBe('进程以退出码 3 结束');
    await visit(`/executions/${data.cancelledRun}`, (p) => p.getByTestId('meta-error').waitFor());
    expect(await page.getByTestId('meta-error').textContent()).toBe('运行中被取消');
    const list = await visit('/executions');
    expect(list).toEqual(expect.arrayContaining(['API 调用', 'Webhook 回调']));
    const schedules = await visit('/schedules');
    expect(schedules).toContain('已启用');
    expect(schedules).not.toContain('运行中');
  });

  it('shows workflow validation issues in Chinese in the designer', async () => {
    await visit(`/workflows/${data.broken}`, (p) => p.getByTestId('validate').waitFor());
    await page.getByTestId('validate').click();
    await page.getByTestId('issue-item').first().waitFor();
    const issues = await page.getByTestId('issue-item').allTextContents();
    expect(issues.some((i) => i.includes('脚本节点“step”未选择脚本'))).toBe(true);
    await settledTexts(page).then((texts) => {
      for (const text of texts) {
        if (isUntranslated(text, USER_DATA)) hits.push(`/workflows/<broken> after validate: ${text}`);
      }
    });
  });

  it("shows a workflow node's failed execution in Chinese in the run view", async () => {
    await visit(`/workflows/runs/${data.failedRun}`, (p) => p.getByTestId('flow-node-step').waitFor());
    await page.getByTestId('flow-node-step').click();
    await page.getByTestId('run-node-error').waitFor();
    expect(await page.getByTestId('run-node-error').textContent()).toBe('执行失败：进程以退出码 3 结束');
    expect(await page.getByTestId('run-error-message').textContent()).toBe(
      '节点“step”失败：执行失败：进程以退出码 3 结束',
    );
  });

  it('shows audit summaries and entity filter options in Chinese', async () => {
    await visit('/settings/audit', (p) => p.getByTestId('audit-row').first().waitFor());
    const summaries = await page.getByTestId('audit-row-summary').allTextContents();
    expect(summaries.some((s) => s.startsWith('创建了 bash 脚本“'))).toBe(true);
    expect(summaries.some((s) => s.startsWith('已安装内置模板 '))).toBe(true);
    const entities = await page.getByTestId('audit-entity').locator('option').allTextContents();
    expect(entities).toEqual(expect.arrayContaining(['脚本', '执行', '工作流', '主机资源']));
  });

  it('has no untranslated text on any page', async () => {
    const pages = [
      '/',
      '/scripts',
      '/scripts/new',
      `/scripts/${data.ok}`,
      '/executions',
      '/workflows',
      '/workflows/new',
      `/workflows/${data.workflow}`,
      `/workflows/runs/${data.run}`,
      '/schedules',
      '/triggers',
      '/templates',
      '/templates/new',
      '/settings',
      '/settings/users',
      '/settings/api-keys',
      '/settings/secrets',
      '/settings/host-resources',
      '/settings/audit',
      '/workers',
    ];
    for (const path of pages) await visit(path);
    expect(hits).toEqual([]);
  });
});
