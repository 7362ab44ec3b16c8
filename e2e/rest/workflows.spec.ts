import { beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { baseUrl } from '../support/browser';
import { createKey } from '../support/api-key';
import { openApiValidator } from './openapi-validator';
import { expectError, restClient } from './rest-client';

let editor: string;
let viewer: string;
let validate: Awaited<ReturnType<typeof openApiValidator>>;

const call = restClient(() => editor);

async function waitForRun(
  runId: string,
  done: (r: { status: string; nodes: Array<{ node_key: string; status: string }> }) => boolean,
) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await call('GET', `/api/v1/workflows/runs/${runId}`);
    const body = await res.json();
    if (done(body) || Date.now() > deadline) return { res, body };
    await sleep(200);
  }
}

beforeAll(async () => {
  editor = await createKey('editor');
  viewer = await createKey('viewer');
  validate = await openApiValidator(baseUrl());
});

describe('REST v1 workflows: every operation answers as the OpenAPI document says', () => {
  it('walks create, list, get, update, validate, activate, run, runs, get run, cancel, delete', async () => {
    const script = await (
      await call('POST', '/api/v1/scripts/', {
        body: {
          name: `wf step ${Date.now()}`,
          content: 'echo "{\\"n\\": $PARAM_N}" > "$VSS_RESULT_FILE"',
          language: 'bash',
          status: 'active',
        },
      })
    ).json();
    const slow = await (
      await call('POST', '/api/v1/scripts/', {
        body: { name: `wf slow ${Date.now()}`, content: 'sleep 30', language: 'bash', status: 'active' },
      })
    ).json();
    const graph = {
      nodes: [
        { key: 'start', type: 'start' },
        {
          key: 'step',
          type: 'script',
          config: { script_id: script.id, parameters: { n: { mode: 'expression', expression: 'input.n' } } },
        },
        { key: 'end', type: 'end' },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'step' },
        { id: 'e2', source: 'step', target: 'end' },
      ],
    };

    const createdRes = await call('POST', '/api/v1/workflows/', {
      body: {
        name: `contract wf ${Date.now()}`,
        graph,
        input_schema: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } },
      },
    });
    expect(createdRes.status).toBe(201);
    const wf = await createdRes.json();
    validate('post', '/api/v1/workflows/', 201, wf);
    expect(wf.status).toBe('draft');

    validate(
      'get',
      '/api/v1/workflows/',
      200,
      await (await call('GET', '/api/v1/workflows/?status=draft&page_size=5')).json(),
    );
    validate('get', '/api/v1/workflows/{id}', 200, await (await call('GET', `/api/v1/workflows/${wf.id}`)).json());

    const checked = await (
      await call('POST', '/api/v1/workflows/validate', {
        body: { graph: { nodes: [{ key: 'start', type: 'start' }], edges: [] } },
      })
    ).json();
    validate('post', '/api/v1/workflows/validate', 200, checked);
    expect(checked.valid).toBe(false);
    expect(checked.issues.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(['no_end', 'dead_end']));

    const updated = await (
      await call('PUT', `/api/v1/workflows/${wf.id}`, {
        body: {
          description: 'contract',
          graph: { ...graph, nodes: graph.nodes.map((x) => ({ ...x, label: x.key })) },
          message: 'labels',
          base_version: 1,
        },
      })
    ).json();
    validate('put', '/api/v1/workflows/{id}', 200, updated);
    expect(updated.version).toBe(2);

    const activated = await (await call('POST', `/api/v1/workflows/${wf.id}/activate`)).json();
    validate('post', '/api/v1/workflows/{id}/activate', 200, activated);
    expect(activated.status).toBe('active');

    const runRes = await call('POST', `/api/v1/workflows/${wf.id}/run`, { body: { input: { n: 7 } } });
    expect(runRes.status).toBe(202);
    const run = await runRes.json();
    validate('post', '/api/v1/workflows/{id}/run', 202, run);
    const { res: doneRes, body: done } = await waitForRun(run.id, (r) =>
      ['succeeded', 'failed', 'cancelled'].includes(r.status),
    );
    expect(doneRes.status).toBe(200);
    validate('get', '/api/v1/workflows/runs/{run_id}', 200, done);
    expect(done.status).toBe('succeeded');
    expect(done.nodes.find((x: { node_key: string }) => x.node_key === 'step').output).toEqual({ n: 7 });
    validate(
      'get',
      '/api/v1/workflows/{id}/runs',
      200,
      await (await call('GET', `/api/v1/workflows/${wf.id}/runs?status=succeeded`)).json(),
    );

    const slowWf = await (
      await call('POST', '/api/v1/workflows/', {
        body: {
          name: `contract slow ${Date.now()}`,
          graph: {
            nodes: [
              { key: 'start', type: 'start' },
              { key: 'wait', type: 'script', config: { script_id: slow.id } },
              { key: 'end', type: 'end' },
            ],
            edges: [
              { id: 'a', source: 'start', target: 'wait' },
              { id: 'b', source: 'wait', target: 'end' },
            ],
          },
        },
      })
    ).json();
    const slowRun = await (await call('POST', `/api/v1/workflows/${slowWf.id}/run`, { body: {} })).json();
    await waitForRun(slowRun.id, (r) => r.nodes.some((x) => x.node_key === 'wait' && x.status === 'running'));
    const cancelRes = await call('POST', `/api/v1/workflows/runs/${slowRun.id}/cancel`);
    const cancelled = await cancelRes.json();
    validate('post', '/api/v1/workflows/runs/{run_id}/cancel', 200, cancelled);
    expect(cancelled.status).toBe('cancelled');

    validate(
      'delete',
      '/api/v1/workflows/{id}',
      200,
      await (await call('DELETE', `/api/v1/workflows/${slowWf.id}`)).json(),
    );

    const documented = Object.entries(validate.doc.paths)
      .filter(([p]) => p.startsWith('/api/v1/workflows'))
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect([...validate.covered].sort()).toEqual(documented.sort());
  });

  it('answers bad input with field-named 4xx errors, never a 500', async () => {
    await expectError(
      await call('POST', '/api/v1/workflows/', { body: { name: '' } }),
      400,
      'VALIDATION_ERROR',
      'name',
    );
    await expectError(
      await call('POST', '/api/v1/workflows/', {
        body: { name: 'x', graph: { nodes: [{ key: 'bad key', type: 'start' }] } },
      }),
      400,
      'VALIDATION_ERROR',
      'graph.nodes.0.key',
    );
    await expectError(
      await call('POST', '/api/v1/workflows/', {
        body: { name: 'x', graph: { nodes: [{ key: 'a', type: 'teleport' }] } },
      }),
      400,
      'VALIDATION_ERROR',
    );
    await expectError(await call('GET', '/api/v1/workflows/not-a-uuid'), 400, 'VALIDATION_ERROR', 'path.id');
    await expectError(await call('GET', '/api/v1/workflows/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    await expectError(
      await call('GET', '/api/v1/workflows/runs/00000000-0000-4000-8000-000000000000'),
      404,
      'NOT_FOUND',
    );
    await expectError(
      await call('POST', '/api/v1/workflows/', { key: viewer, body: { name: `viewer ${Date.now()}` } }),
      403,
      'FORBIDDEN',
    );

    const wf = await (
      await call('POST', '/api/v1/workflows/', {
        body: {
          name: `invalid ${Date.now()}`,
          graph: {
            nodes: [
              { key: 'start', type: 'start' },
              { key: 'end', type: 'end' },
              { key: 'lost', type: 'parallel' },
            ],
            edges: [{ id: 'e', source: 'start', target: 'end' }],
          },
          input_schema: { type: 'object', required: ['camera'] },
        },
      })
    ).json();
    const refused = await expectError(
      await call('POST', `/api/v1/workflows/${wf.id}/activate`),
      422,
      'UNPROCESSABLE',
      'graph.nodes.lost',
    );
    expect(refused.error.message).toMatch(/not valid/);
    await expectError(
      await call('PUT', `/api/v1/workflows/${wf.id}`, { body: { status: 'active' } }),
      422,
      'UNPROCESSABLE',
      'graph.nodes.lost',
    );
    // Drafts may be run by hand, but only with a graph that can run and an input that fits.
    await expectError(
      await call('POST', `/api/v1/workflows/${wf.id}/run`, { body: { input: { camera: 'gate-1' } } }),
      422,
      'UNPROCESSABLE',
      'graph.nodes.lost',
    );
    await call('PUT', `/api/v1/workflows/${wf.id}`, {
      body: {
        graph: {
          nodes: [
            { key: 'start', type: 'start' },
            { key: 'end', type: 'end' },
          ],
          edges: [{ id: 'e', source: 'start', target: 'end' }],
        },
      },
    });
    await expectError(
      await call('POST', `/api/v1/workflows/${wf.id}/run`, { body: { input: {} } }),
      400,
      'VALIDATION_ERROR',
      'input.camera',
    );
    await expectError(
      await call('POST', `/api/v1/workflows/${wf.id}/run`, { body: { input: 'nope' } }),
      400,
      'VALIDATION_ERROR',
      'input',
    );
  });
});
