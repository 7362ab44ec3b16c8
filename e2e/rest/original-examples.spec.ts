import { beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { baseUrl } from '../support/browser';
import { createKey } from '../support/api-key';
import { openApiValidator } from './openapi-validator';

// The original service's documented usage, with only the host and an API key added.
describe('original service usage examples', () => {
  let key: string;
  let validate: Awaited<ReturnType<typeof openApiValidator>>;
  beforeAll(async () => {
    key = await createKey('editor');
    validate = await openApiValidator(baseUrl());
  });

  it('creates Hello World, executes it with parameters and environment, and reads the execution', async () => {
    const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` };
    const created = await fetch(`${baseUrl()}/api/v1/scripts/`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        name: 'Hello World',
        description: 'simple',
        category: 'example',
        content: "print('Hello, World!')",
        language: 'python',
        timeout: 60,
      }),
    });
    expect(created.status).toBe(201);
    const script = await created.json();
    validate('post', '/api/v1/scripts/', 201, script);
    expect(script).toMatchObject({ name: 'Hello World', language: 'python', timeout: 60, version: 1, status: 'draft' });

    const started = await fetch(`${baseUrl()}/api/v1/scripts/${script.id}/execute`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ input_parameters: { name: 'VSS' }, environment_vars: { ENV: 'production' } }),
    });
    expect(started.status).toBe(202);
    const execution = await started.json();
    validate('post', '/api/v1/scripts/{id}/execute', 202, execution);
    expect(execution.execution_id).toBe(execution.id);

    let final: { status: string } = execution;
    for (let i = 0; i < 100 && ['queued', 'running'].includes(final.status); i++) {
      await sleep(200);
      const res = await fetch(`${baseUrl()}/api/v1/scripts/executions/${execution.execution_id}`, { headers });
      expect(res.status).toBe(200);
      final = await res.json();
      validate('get', '/api/v1/scripts/executions/{execution_id}', 200, final);
    }
    expect(final).toMatchObject({
      status: 'succeeded',
      exit_code: 0,
      input_parameters: { name: 'VSS' },
      environment_vars: { ENV: 'production' },
      trigger_type: 'api',
    });

    const logs = await fetch(`${baseUrl()}/api/v1/scripts/executions/${execution.id}/logs`, { headers });
    const body = await logs.json();
    validate('get', '/api/v1/scripts/executions/{execution_id}/logs', 200, body);
    expect(body.lines.map((l: { text: string }) => l.text).join('')).toContain('Hello, World!');
  });
});
