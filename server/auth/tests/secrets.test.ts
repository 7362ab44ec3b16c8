import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { auditLogs, executionLogs, secrets } from '@/db/schema';
import { executeScript } from '@/server/executions/execute-script';
import { getExecution, getExecutionLogs } from '@/server/executions/get-execution';
import { listExecutions } from '@/server/executions/list-executions';
import { MASK } from '@/server/executions/sensitive-env.shared';
import { rawExecution, scriptFor, waitForStatus } from '@/server/executions/tests/engine-harness';
import { deleteSecret } from '@/server/secrets/delete-secret';
import { listSecrets } from '@/server/secrets/list-secrets';
import { upsertSecret } from '@/server/secrets/upsert-secret';
import { createTestActor } from '@/server/test/fixtures';
import { createCallerFactory } from '@/server/trpc/init';
import { appRouter } from '@/server/trpc/router';
import { startTestWorker, type WorkerRuntime } from '@/server/test/worker-harness';
import type { Actor } from '../actor';

let editor: Actor & { type: 'user' };
let operator: Actor & { type: 'user' };
let worker: WorkerRuntime;
const caller = createCallerFactory(appRouter);

beforeAll(async () => {
  editor = await createTestActor('editor');
  operator = await createTestActor('operator');
  worker = await startTestWorker({ concurrency: 2 });
});
afterAll(async () => {
  await worker?.stop(2000);
});

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const secretName = () => `DB_PASS_${randomUUID().slice(0, 8).toUpperCase()}`;

describe('secrets', () => {
  it('reach the script through {{secret:NAME}} but never come back out of any API, record or log', async () => {
    const name = secretName();
    const value = `v4lue-${randomUUID()}`;
    const stored = await upsertSecret({
      actor: editor,
      input: { name, value, description: 'camera DB password', scope: { roles: ['operator'], any_where: true } },
    });
    expect(stored).toMatchObject({ name, description: 'camera DB password' });
    expect(JSON.stringify(stored)).not.toContain(value);
    const [row] = await db().select().from(secrets).where(eq(secrets.name, name));
    expect(row!.valueSealed).not.toContain(value);

    const script = await scriptFor(
      editor,
      [
        'import hashlib, json, os, sys',
        'v = os.environ["CONN"]',
        'print("conn=" + v)',
        'print("url=" + os.environ["DSN"], file=sys.stderr)',
        'json.dump({"sha256": hashlib.sha256(v.encode()).hexdigest(), "dsn_sha256": hashlib.sha256(os.environ["DSN"].encode()).hexdigest()},',
        '          open(os.environ["VSS_RESULT_FILE"], "w"))',
      ].join('\n'),
      'python',
    );
    // Using a secret needs the right to run and its scope: an operator cannot read secrets but can run with one in scope.
    const started = await executeScript({
      actor: operator,
      input: {
        id: script.id,
        environment_vars: {
          CONN: `{{secret:${name}}}`,
          DSN: `postgres://vss:{{ secret:${name} }}@db/vss`,
          REGION: 'north',
        },
      },
      trigger: 'manual',
    });
    expect(JSON.stringify(started)).not.toContain(value);
    const done = await waitForStatus(operator, started.id);
    expect(done.status).toBe('succeeded');

    // The script really received the value.
    expect(done.result).toEqual({ sha256: sha256(value), dsn_sha256: sha256(`postgres://vss:${value}@db/vss`) });
    // The displayed environment keeps the references as written: which secret, never its value.
    expect(done.environment_vars).toEqual({
      CONN: `{{secret:${name}}}`,
      DSN: `postgres://vss:{{ secret:${name} }}@db/vss`,
      REGION: 'north',
    });

    // Service answers.
    const logs = await getExecutionLogs({ actor: operator, input: { id: started.id, limit: 5000 } });
    const logText = logs.lines.map((l) => l.text).join('');
    expect(logText).toContain(`conn=${MASK}`);
    // Only the secret inside the composite value is masked.
    expect(logText).toContain(`url=postgres://vss:${MASK}@db/vss`);
    const answers = [
      done,
      logs,
      await getExecution({ actor: editor, id: started.id }),
      await listExecutions({ actor: editor, input: { script_id: script.id } }),
      await listSecrets({ actor: editor }),
    ];
    for (const a of answers) expect(JSON.stringify(a)).not.toContain(value);

    // tRPC answers.
    const trpc = caller({ actor: editor, meta: {} });
    const trpcAnswers = [
      await trpc.secrets.list(),
      await trpc.executions.get({ id: started.id }),
      await trpc.executions.list({ script_id: script.id }),
      await trpc.executions.logs({ id: started.id }),
    ];
    for (const a of trpcAnswers) expect(JSON.stringify(a)).not.toContain(value);

    // Every column of the execution row, the stored log lines and the audit trail.
    const raw = await db().execute(sql`select * from executions where id = ${started.id}`);
    expect(raw.rows).toHaveLength(1);
    expect(JSON.stringify(raw.rows)).not.toContain(value);
    expect(JSON.stringify(await rawExecution(started.id))).not.toContain(value);
    const stored_logs = await db().select().from(executionLogs).where(eq(executionLogs.executionId, started.id));
    expect(stored_logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(stored_logs)).not.toContain(value);
    expect(JSON.stringify(await db().select().from(auditLogs))).not.toContain(value);
  });

  it('replacing a value changes what the next run receives; description and name are listed', async () => {
    const name = secretName();
    await upsertSecret({
      actor: editor,
      input: { name, value: 'first-value', scope: { roles: ['editor'], any_where: true } },
    });
    const replaced = await upsertSecret({
      actor: editor,
      input: { name, value: 'second-value', description: 'rotated' },
    });
    expect((await listSecrets({ actor: editor })).filter((s) => s.name === name)).toEqual([
      expect.objectContaining({ id: replaced.id, description: 'rotated' }),
    ]);
    const script = await scriptFor(
      editor,
      'printf "%s" "$SECRET_REF" | sha256sum | cut -c1-64 | xargs printf \'{"h":"%s"}\' > "$VSS_RESULT_FILE"\n',
    );
    const e = await executeScript({
      actor: editor,
      input: { id: script.id, environment_vars: { SECRET_REF: `{{secret:${name}}}` } },
      trigger: 'manual',
    });
    expect((await waitForStatus(editor, e.id)).result).toEqual({ h: sha256('second-value') });
  });

  it('refuses an unknown secret reference before queueing, naming the field', async () => {
    const script = await scriptFor(editor, 'echo hi\n');
    await expect(
      executeScript({
        actor: editor,
        input: { id: script.id, environment_vars: { X: '{{secret:NOPE_NOT_THERE}}' } },
        trigger: 'manual',
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [{ field: 'environment_vars', message: 'secret NOPE_NOT_THERE does not exist' }],
    });
  });

  it('validates names and deletes by id', async () => {
    await expect(upsertSecret({ actor: editor, input: { name: 'lower_case', value: 'xyz' } })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [expect.objectContaining({ field: 'name' })],
    });
    await expect(upsertSecret({ actor: editor, input: { name: 'EMPTY', value: '' } })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [expect.objectContaining({ field: 'value' })],
    });
    // Too short to be masked reliably in logs.
    await expect(upsertSecret({ actor: editor, input: { name: 'SHORT', value: 'ab' } })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [expect.objectContaining({ field: 'value', message: expect.stringContaining('at least 3') })],
    });
    const s = await upsertSecret({ actor: editor, input: { name: secretName(), value: 'gone soon' } });
    await expect(deleteSecret({ actor: operator, id: s.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await deleteSecret({ actor: editor, id: s.id });
    expect((await listSecrets({ actor: editor })).some((x) => x.id === s.id)).toBe(false);
    await expect(deleteSecret({ actor: editor, id: s.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
