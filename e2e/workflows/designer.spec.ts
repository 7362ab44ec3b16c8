import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKey } from '../support/api-key';
import { baseUrl, launchBrowser, signIn, trackExternalRequests } from '../support/browser';

/** Screenshots for a human to look at; not compared by the test. */
const shotDir = path.join(os.tmpdir(), 'vss-e2e-screenshots');

/** Creates an active script over REST v1 with an API key, as an integrating service would. */
async function createActiveScript(key: string, name: string, content: string): Promise<string> {
  const res = await fetch(`${baseUrl()}/api/v1/scripts/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
    body: JSON.stringify({ name, language: 'bash', content, status: 'active' }),
  });
  const body = (await res.json()) as { id: string; status: string };
  expect(res.status, JSON.stringify(body)).toBe(201);
  expect(body.status).toBe('active');
  return body.id;
}

async function centre(l: Locator): Promise<{ x: number; y: number }> {
  const box = await l.boundingBox();
  if (!box) throw new Error('element has no box');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags from one handle to another with the mouse, as a user draws an edge. */
async function connect(page: Page, from: string, to: string) {
  const a = await centre(page.getByTestId(from));
  const b = await centre(page.getByTestId(to));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
}

/** HTML5 drag from a palette item onto the canvas at a point inside it. */
async function drop(page: Page, paletteTestId: string, x: number, y: number) {
  await page.getByTestId(paletteTestId).dragTo(page.getByTestId('flow-canvas'), { targetPosition: { x, y } });
}

const nodeIds = (page: Page) =>
  page
    .locator('[data-testid^="flow-node-"][data-node-type]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('flow-node-'.length)).sort());

describe('workflow designer and run view', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let external: string[];
  let key: string;

  beforeAll(async () => {
    mkdirSync(shotDir, { recursive: true });
    key = await createKey('editor');
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1680, height: 1000 } });
    external = trackExternalRequests(context);
    page = await context.newPage();
    await signIn(page);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('builds a branching workflow by drag and drop, validates, activates, runs it and shows node states live', async () => {
    const stamp = Date.now();
    const alpha = `e2e flow alpha ${stamp}`;
    const beta = `e2e flow beta ${stamp}`;
    const alphaId = await createActiveScript(
      key,
      alpha,
      'echo "alpha ran on $PARAM_CAMERA"\nsleep 1\nprintf \'{"frames": 3}\' > "$VSS_RESULT_FILE"\n',
    );
    const betaId = await createActiveScript(key, beta, 'echo "beta ran"\n');

    // New workflow from the list page.
    await page.goto(`${baseUrl()}/workflows`);
    await page.getByTestId('new-workflow').click();
    await page.getByTestId('new-workflow-name').fill(`e2e designer ${stamp}`);
    await page.getByTestId('new-workflow-submit').click();
    await page.getByTestId('workflow-designer').waitFor({ timeout: 30_000 });
    const workflowId = await page.getByTestId('workflow-designer').getAttribute('data-workflow-id');
    expect(await page.getByTestId('workflow-version').textContent()).toBe('v1');
    expect(await nodeIds(page)).toEqual(['end', 'start']);
    // Start left of End on one row: handles sit on the sides, so the first edge runs straight.
    const startBox = (await page.getByTestId('flow-node-start').boundingBox())!;
    const endBox = (await page.getByTestId('flow-node-end').boundingBox())!;
    expect(startBox.x + startBox.width).toBeLessThan(endBox.x);
    expect(Math.abs(startBox.y - endBox.y)).toBeLessThan(4);
    // A node dropped onto Start is moved clear of it: Start's output handle stays reachable.
    const startCentre = await centre(page.getByTestId('flow-node-start'));
    const canvasBox = (await page.getByTestId('flow-canvas').boundingBox())!;
    await drop(page, 'palette-condition', startCentre.x - canvasBox.x, startCentre.y - canvasBox.y);
    await expect.poll(() => nodeIds(page)).toEqual(['condition_1', 'end', 'start']);
    const dropped = (await page.getByTestId('flow-node-condition_1').boundingBox())!;
    const overlapsX = dropped.x < startBox.x + startBox.width && dropped.x + dropped.width > startBox.x;
    const overlaps = overlapsX && dropped.y < startBox.y + startBox.height && dropped.y + dropped.height > startBox.y;
    expect(overlaps).toBe(false);
    await page.getByTestId('handle-start-out').click({ trial: true, timeout: 5000 });
    await page.getByTestId('flow-node-condition_1').click();
    await page.keyboard.press('Delete');

    // Clear the starter graph with the Delete key, then build from the palette.
    for (const id of ['start', 'end']) {
      await page.getByTestId(`flow-node-${id}`).click();
      await page.keyboard.press('Delete');
    }
    await expect.poll(() => nodeIds(page)).toEqual([]);
    await page.getByTestId(`palette-script-${alphaId}`).waitFor();

    await drop(page, 'palette-start', 60, 80);
    await drop(page, 'palette-condition', 360, 80);
    await drop(page, `palette-script-${alphaId}`, 680, 40);
    await drop(page, `palette-script-${betaId}`, 680, 300);
    await drop(page, 'palette-end', 360, 400);
    await expect.poll(() => nodeIds(page)).toEqual(['condition_1', 'end_1', 'script_1', 'script_2', 'start_1']);
    expect(await page.getByTestId('flow-node-script_1').textContent()).toContain(alpha);
    expect(await page.getByTestId('designer-dirty').count()).toBe(1);

    // Validation before wiring: problems are listed and the nodes they name get a red frame.
    await page.getByTestId('validate').click();
    await page.getByTestId('issues-panel').waitFor();
    expect(await page.getByTestId('issue-item').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('flow-node-condition_1').getAttribute('data-invalid')).toBe('true');
    expect(await page.getByTestId('flow-node-condition_1').getAttribute('class')).toContain('border-red-500');
    const codes = await page
      .getByTestId('issue-item')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(codes).toEqual(expect.arrayContaining(['dead_end', 'condition_branches']));
    // The list sits beside the canvas, not over it: every node stays clickable while it is open.
    const panelBox = (await page.getByTestId('issues-panel').boundingBox())!;
    const flowBox = (await page.getByTestId('flow-canvas').boundingBox())!;
    expect(panelBox.y).toBeGreaterThanOrEqual(flowBox.y + flowBox.height - 1);
    for (const id of ['start_1', 'condition_1', 'script_1', 'script_2', 'end_1']) {
      await page.getByTestId(`flow-node-${id}`).click({ trial: true, timeout: 5000 });
    }
    await page.screenshot({ path: path.join(shotDir, 'workflow-designer-invalid.png') });

    // Wire it: start → condition; true → alpha → end; false → beta → end.
    await connect(page, 'handle-start_1-out', 'handle-condition_1-in');
    await connect(page, 'handle-condition_1-true', 'handle-script_1-in');
    await connect(page, 'handle-condition_1-false', 'handle-script_2-in');
    await connect(page, 'handle-script_1-out', 'handle-end_1-in');
    await connect(page, 'handle-script_2-out', 'handle-end_1-in');
    await expect.poll(() => page.locator('[data-testid^="flow-edge-"]').count()).toBe(5);
    expect(await page.locator('[data-edge-label="true"]').count()).toBe(1);
    expect(await page.locator('[data-edge-label="false"]').count()).toBe(1);

    // Configure the condition: input.go == true.
    await page.getByTestId('flow-node-condition_1').click();
    await page.getByTestId('node-inspector').waitFor();
    await page.getByTestId('condition-left').fill('input.go');
    await page.getByTestId('condition-operator').selectOption('==');
    await page.getByTestId('condition-right').fill('true');
    expect(await page.getByTestId('condition-preview').textContent()).toBe('input.go == true');
    await expect.poll(() => page.getByTestId('flow-node-condition_1').textContent()).toContain('input.go == true');

    // Map alpha's parameter from the run input with an expression.
    await page.getByTestId('flow-node-script_1').click();
    await page.getByTestId('param-new-name').fill('camera');
    await page.getByTestId('param-add').click();
    await page.getByTestId('param-mode-camera-expression').click();
    await page.getByTestId('param-expression-camera').fill('input.camera');

    // The run input schema, from the workflow settings (shown with nothing selected).
    // A free spot of the pane: the issues list under the canvas made it shorter, the controls sit bottom-left.
    await page
      .getByTestId('flow-canvas')
      .locator('.react-flow__pane')
      .click({ position: { x: 40, y: 300 } });
    await page.getByTestId('workflow-input-schema').fill(
      JSON.stringify({
        type: 'object',
        properties: { go: { type: 'boolean' }, camera: { type: 'string' } },
        required: ['camera'],
      }),
    );

    await page.getByTestId('auto-layout').click();
    await page.getByTestId('save').click();
    await expect
      .poll(() => page.getByTestId('designer-notice').getAttribute('data-tone'), { timeout: 15_000 })
      .toBe('ok');
    expect(await page.getByTestId('workflow-version').textContent()).toBe('v2');
    expect(await page.getByTestId('issues-panel').count()).toBe(0);
    expect(await page.getByTestId('designer-dirty').count()).toBe(0);

    await page.getByTestId('activate').click();
    await expect
      .poll(() => page.getByTestId('workflow-status').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('active');
    expect(await page.getByTestId('issues-panel').count()).toBe(0);
    await page.screenshot({ path: path.join(shotDir, 'workflow-designer.png') });

    // Run with go = true: alpha runs, beta is skipped.
    await page.getByTestId('run-workflow').click();
    await page.getByTestId('run-dialog').waitFor();
    await page.getByTestId('param-go').check();
    await page.getByTestId('param-camera').fill('cam-7');
    await page.getByTestId('run-submit').click();
    await page.waitForURL((u) => u.pathname.startsWith('/scripts/workflows/runs/'), { timeout: 15_000 });
    await page.getByTestId('run-view').waitFor();

    const status = (k: string) => page.getByTestId(`flow-node-status-${k}`).getAttribute('data-status');
    await expect.poll(() => status('script_1'), { timeout: 30_000 }).toBe('succeeded');
    await expect.poll(() => status('end_1'), { timeout: 30_000 }).toBe('succeeded');
    expect(await status('script_2')).toBe('skipped');
    expect(await status('start_1')).toBe('succeeded');
    expect(await status('condition_1')).toBe('succeeded');
    await expect
      .poll(() => page.getByTestId('run-status').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('succeeded');
    // The colours: green frame for succeeded, dashed light frame for skipped.
    expect(await page.getByTestId('flow-node-script_1').getAttribute('class')).toContain('border-green-500');
    expect(await page.getByTestId('flow-node-script_2').getAttribute('class')).toContain('border-dashed');
    expect(await page.getByTestId('flow-node-duration-script_1').textContent()).toMatch(/\d/);
    expect(await page.getByTestId('cancel-run').count()).toBe(0);

    // A script node opens its execution log.
    await page.getByTestId('flow-node-script_1').click();
    await page.getByTestId('run-node-panel').waitFor();
    await expect
      .poll(() => page.getByTestId('node-log').textContent(), { timeout: 15_000 })
      .toContain('alpha ran on cam-7');
    expect(await page.getByTestId('run-node-output').textContent()).toContain('"frames": 3');
    await page.screenshot({ path: path.join(shotDir, 'workflow-run.png') });
    const execHref = await page.getByTestId('run-node-execution-link').getAttribute('href');
    expect(execHref).toMatch(/^\/scripts\/executions\/[0-9a-f-]{36}$/);
    const runId = await page.getByTestId('run-view').getAttribute('data-run-id');

    // Back in the designer: the run is listed, and an older version can be loaded onto the canvas (and undone).
    await page.getByTestId('run-workflow-link').click();
    await page.getByTestId('workflow-designer').waitFor();
    await page.getByTestId('side-tab-runs').click();
    await expect
      .poll(() => page.getByTestId('run-link').first().getAttribute('href'), { timeout: 15_000 })
      .toBe(`/scripts/workflows/runs/${runId}`);
    await page.getByTestId('side-tab-versions').click();
    await page.getByTestId('version-2').waitFor();
    expect(await page.getByTestId('version-2').textContent()).toContain('current');
    await page.getByTestId('version-load-1').click();
    await expect.poll(() => nodeIds(page)).toEqual(['end', 'start']);
    expect(await page.getByTestId('designer-dirty').count()).toBe(1);
    await page.getByTestId('undo').click();
    await expect.poll(() => nodeIds(page)).toEqual(['condition_1', 'end_1', 'script_1', 'script_2', 'start_1']);
    expect(await page.getByTestId('designer-dirty').count()).toBe(0);

    // The list shows the workflow with its version and last run.
    await page.goto(`${baseUrl()}/workflows`);
    const row = page.locator(`[data-testid="workflow-row"][data-workflow-id="${workflowId}"]`);
    await row.waitFor();
    await page.screenshot({ path: path.join(shotDir, 'workflows-list.png') });
    expect(await row.textContent()).toContain('v2');
    expect(await row.getByTestId('workflow-last-run').locator('[data-status]').getAttribute('data-status')).toBe(
      'succeeded',
    );
    expect(external).toEqual([]);
  });

  it('maps a parameter from the script schema, runs a draft and cancels the run from the run view', async () => {
    const stamp = Date.now();
    const res = await fetch(`${baseUrl()}/api/v1/scripts/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
      body: JSON.stringify({
        name: `e2e flow sleeper ${stamp}`,
        language: 'bash',
        status: 'active',
        content: 'echo "sleeping $PARAM_SECONDS"\nsleep "$PARAM_SECONDS"\n',
        parameters_schema: {
          type: 'object',
          properties: { seconds: { type: 'integer', minimum: 1 } },
          required: ['seconds'],
        },
      }),
    });
    expect(res.status).toBe(201);
    const sleeper = (await res.json()) as { id: string };
    // The workflow itself comes from tRPC (superjson wraps the input as `{ json }`), wired but unconfigured.
    const created = await page.request.post(`${baseUrl()}/api/trpc/workflows.create`, {
      data: {
        json: {
          name: `e2e cancel ${stamp}`,
          graph: {
            nodes: [
              { key: 'start', type: 'start', position: { x: 0, y: 0 } },
              {
                key: 'wait',
                type: 'script',
                label: 'Wait',
                position: { x: 300, y: 0 },
                config: { script_id: sleeper.id },
              },
              { key: 'end', type: 'end', position: { x: 600, y: 0 } },
            ],
            edges: [
              { id: 'a', source: 'start', target: 'wait' },
              { id: 'b', source: 'wait', target: 'end' },
            ],
          },
        },
      },
    });
    expect(created.status(), await created.text()).toBe(200);
    const workflowId = ((await created.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;

    await page.goto(`${baseUrl()}/workflows/${workflowId}`);
    await page.getByTestId('flow-node-wait').click();
    // The mapping form is generated from the script's parameters schema.
    await page.getByTestId('param-row-seconds').waitFor();
    expect(await page.getByTestId('param-row-seconds').textContent()).toContain('*');
    await page.getByTestId('param-literal-seconds').fill('30');
    await page.getByTestId('save').click();
    await expect
      .poll(() => page.getByTestId('designer-notice').getAttribute('data-tone'), { timeout: 15_000 })
      .toBe('ok');
    expect(await page.getByTestId('issues-panel').count()).toBe(0);

    await page.getByTestId('run-workflow').click();
    await page.getByTestId('run-input-json').fill('{}');
    await page.getByTestId('run-submit').click();
    await page.getByTestId('run-view').waitFor({ timeout: 15_000 });
    await expect
      .poll(() => page.getByTestId('flow-node-status-wait').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('running');
    expect(await page.getByTestId('flow-node-wait').getAttribute('class')).toContain('flow-node-running');
    expect(await page.getByTestId('flow-node-status-end').getAttribute('data-status')).toBe('pending');

    await page.getByTestId('cancel-run').click();
    await page.getByTestId('confirm-ok').click();
    await expect
      .poll(() => page.getByTestId('run-status').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('cancelled');
    await expect
      .poll(() => page.getByTestId('flow-node-status-wait').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('cancelled');
    expect(await page.getByTestId('cancel-run').count()).toBe(0);
  });

  it('copies, pastes, undoes and redoes on the canvas, and shows an error handle for error_edge', async () => {
    await page.goto(`${baseUrl()}/workflows/new`);
    await page.getByTestId('new-workflow-name').fill(`e2e editing ${Date.now()}`);
    await page.getByTestId('new-workflow-submit').click();
    await page.getByTestId('workflow-designer').waitFor({ timeout: 30_000 });

    await drop(page, 'palette-delay', 420, 120);
    await expect.poll(() => nodeIds(page)).toEqual(['delay_1', 'end', 'start']);
    expect(await page.getByTestId('node-inspector').getAttribute('data-node-key')).toBe('delay_1');

    // Error policy "error edge" adds the red handle; switching back removes it.
    expect(await page.getByTestId('handle-delay_1-error').count()).toBe(0);
    await page.getByTestId('error-policy-error_edge').click();
    await page.getByTestId('handle-delay_1-error').waitFor();
    await connect(page, 'handle-delay_1-error', 'handle-end-in');
    await expect.poll(() => page.locator('[data-edge-label="error"]').count()).toBe(1);
    await page.getByTestId('flow-node-delay_1').click();
    await page.getByTestId('error-policy-fail').click();
    await expect.poll(() => page.getByTestId('handle-delay_1-error').count()).toBe(0);
    // The error edge cannot outlive its handle.
    expect(await page.locator('[data-edge-label="error"]').count()).toBe(0);

    await page.getByTestId('flow-node-delay_1').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect.poll(() => nodeIds(page)).toEqual(['delay_1', 'delay_2', 'end', 'start']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => nodeIds(page)).toEqual(['delay_1', 'end', 'start']);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => nodeIds(page)).toEqual(['delay_1', 'delay_2', 'end', 'start']);

    // Undo walks back through the inspector edit too: the label returns to what it was.
    await page.getByTestId('flow-node-delay_2').click();
    await page.getByTestId('inspector-label').fill('Wait for camera');
    await expect
      .poll(() => page.getByTestId('flow-node-delay_2').getByTestId('flow-node-label').textContent())
      .toBe('Wait for camera');
    await page.getByTestId('flow-node-delay_2').click();
    await page.keyboard.press('Control+z');
    await expect
      .poll(() => page.getByTestId('flow-node-delay_2').getByTestId('flow-node-label').textContent())
      .toBe('Delay');

    await page.keyboard.press('Delete');
    await expect.poll(() => nodeIds(page)).toEqual(['delay_1', 'end', 'start']);
    expect(await page.getByTestId('undo').isEnabled()).toBe(true);

    // Dark mode reaches the canvas too (React Flow's own colour mode follows the app's theme).
    await page.getByTestId('theme-switch').click();
    await expect.poll(() => page.locator('.react-flow').getAttribute('class')).toContain('dark');
    await page.screenshot({ path: path.join(shotDir, 'workflow-designer-dark.png') });
    await page.getByTestId('theme-switch').click();
    await expect.poll(() => page.locator('.react-flow').getAttribute('class')).not.toContain('dark');
  });
});
