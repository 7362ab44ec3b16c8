import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { executions } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { createApiKey } from '@/server/apikeys/create-api-key';
import { dispatchRest } from '@/server/rest/dispatch';
import { createTestActor } from '@/server/test/fixtures';
import { scriptFor } from './engine-harness';
import { executeScript } from '../execute-script';

let editor: Actor & { type: 'user' };
let keyA: string;
let keyB: string;
let scriptId: string;

const execute = (key: string, body: unknown) =>
  dispatchRest(
    new Request(`http://localhost/api/v1/scripts/${scriptId}/execute`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    }),
    `/api/v1/scripts/${scriptId}/execute`,
  );
const runs = async () =>
  (await db().select({ n: count() }).from(executions).where(eq(executions.scriptId, scriptId)))[0]!.n;

beforeAll(async () => {
  editor = await createTestActor('editor');
  keyA = (await createApiKey({ actor: editor, input: { name: 'caller A', role: 'operator' } })).key;
  keyB = (await createApiKey({ actor: editor, input: { name: 'caller B', role: 'operator' } })).key;
  scriptId = (await scriptFor(editor, 'true\n', 'bash', { status: 'active' })).id;
});

describe('idempotency keys (Stripe semantics)', () => {
  it('same key + same body answers the original run; another body or another caller is a 409 that writes nothing', async () => {
    const key = randomUUID();
    const first = await execute(keyA, {
      idempotency_key: key,
      input_parameters: { camera: 3, zone: 'gate' },
      environment_vars: { MODE: 'fast' },
    });
    expect(first.status).toBe(202);
    const original = await first.json();
    expect(original.created).toBe(true);

    // Key order and `wait` do not make another request.
    const again = await execute(keyA, {
      environment_vars: { MODE: 'fast' },
      input_parameters: { zone: 'gate', camera: 3 },
      idempotency_key: key,
    });
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ id: original.id, created: false });

    const otherBody = await execute(keyA, {
      idempotency_key: key,
      input_parameters: { camera: 4, zone: 'gate' },
      environment_vars: { MODE: 'fast' },
    });
    expect(otherBody.status).toBe(409);
    const err = (await otherBody.json()).error;
    expect(err).toMatchObject({
      code: 'CONFLICT',
      details: [{ field: 'idempotency_key', message: 'already used with a different request' }],
    });
    expect(err.message).toMatch(/different request/);
    expect(
      (
        await execute(keyA, {
          idempotency_key: key,
          input_parameters: { camera: 3, zone: 'gate' },
          environment_vars: { MODE: 'slow' },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await execute(keyA, {
          idempotency_key: key,
          input_parameters: { camera: 3, zone: 'gate' },
          environment_vars: { MODE: 'fast' },
          timeout: 30,
        })
      ).status,
    ).toBe(409);

    const otherCaller = await execute(keyB, {
      idempotency_key: key,
      input_parameters: { camera: 3, zone: 'gate' },
      environment_vars: { MODE: 'fast' },
    });
    expect(otherCaller.status).toBe(409);
    expect((await otherCaller.json()).error.message).toMatch(/another caller/);
    // The signed-in owner of both keys is another caller too.
    await expect(
      executeScript({
        actor: editor,
        input: {
          id: scriptId,
          idempotency_key: key,
          input_parameters: { camera: 3, zone: 'gate' },
          environment_vars: { MODE: 'fast' },
        },
        trigger: 'manual',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });

    expect(await runs()).toBe(1);
  });

  it('concurrent requests with one key and different bodies: one run, the other gets 409', async () => {
    const key = randomUUID();
    const before = await runs();
    const answers = await Promise.all([
      execute(keyA, { idempotency_key: key, input_parameters: { n: 1 } }),
      execute(keyA, { idempotency_key: key, input_parameters: { n: 2 } }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
    expect(await runs()).toBe(before + 1);
  });
});
