// `wait: true` answers carry the end of what the run printed: masked, capped per stream, flagged
// when cut. Real worker, sandbox, PostgreSQL and Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Actor } from '@/server/auth/actor';
import { MASK } from '@/server/secrets/secret-masker';
import { upsertSecret } from '@/server/secrets/upsert-secret';
import { createTestActor } from '@/server/test/fixtures';
import { startTestWorker, type WorkerRuntime } from '@/server/test/worker-harness';
import { executeScript } from '../execute-script';
import { getOutputTail, OUTPUT_TAIL_BYTES } from '../get-output-tail';
import { toExecutionDto } from '../execution-dto';
import { readExecution, waitForFinal } from '../wait-for-final';
import { CHANNEL, type ExecutionAnswer } from '@/server/queue/channels';
import { createRedis } from '@/server/queue/connection';
import { scriptFor } from './engine-harness';

let admin: Actor;
let worker: WorkerRuntime;

beforeAll(async () => {
  admin = await createTestActor('admin');
  worker = await startTestWorker({ concurrency: 2 });
});
afterAll(async () => {
  await worker?.stop(2000);
});

describe('wait: true answers with the output', () => {
  it('stdout and stderr, secret values masked, nothing cut', async () => {
    const secret = `pw-${randomUUID()}`;
    const name = `WO_${randomUUID().slice(0, 8).toUpperCase()}`;
    await upsertSecret({ actor: admin, input: { name, value: secret, scope: { roles: ['admin'], any_where: true } } });
    const s = await scriptFor(
      admin,
      'import os, sys\nprint("hello", os.environ["PW"])\nprint("warn: é", file=sys.stderr)\nsys.exit(3)\n',
      'python',
    );
    const done = await executeScript({
      actor: admin,
      input: { id: s.id, wait: true, environment_vars: { PW: `{{secret:${name}}}` } },
      trigger: 'api',
    });
    expect(done.status).toBe('failed');
    expect(done.output).toEqual({
      stdout: `hello ${MASK}\n`,
      stderr: 'warn: é\n',
      stdout_truncated: false,
      stderr_truncated: false,
      max_bytes: OUTPUT_TAIL_BYTES,
    });
    expect(JSON.stringify(done)).not.toContain(secret);
  });

  it('a long output answers its last 64 KB with the flag set', async () => {
    const s = await scriptFor(admin, 'for i in $(seq 1 20000); do echo "line $i of the output"; done\n', 'bash');
    const done = await executeScript({ actor: admin, input: { id: s.id, wait: true }, trigger: 'api' });
    expect(done.status).toBe('succeeded');
    const out = done.output!;
    expect(out.stdout_truncated).toBe(true);
    expect(out.stderr_truncated).toBe(false);
    expect(Buffer.byteLength(out.stdout)).toBeLessThanOrEqual(OUTPUT_TAIL_BYTES);
    expect(Buffer.byteLength(out.stdout)).toBeGreaterThan(OUTPUT_TAIL_BYTES - 100);
    expect(out.stdout.endsWith('line 20000 of the output\n')).toBe(true);
    const small = await getOutputTail({ executionId: done.id, attempt: done.attempt, maxBytes: 30 });
    expect(small).toMatchObject({ stdout: 'tput\nline 20000 of the output\n', stdout_truncated: true });
  });

  it('a cut never splits a character', async () => {
    const s = await scriptFor(admin, 'printf "éééé"\n', 'bash');
    const done = await executeScript({ actor: admin, input: { id: s.id, wait: true }, trigger: 'api' });
    expect(done.output!.stdout).toBe('éééé');
    const tail = await getOutputTail({ executionId: done.id, attempt: done.attempt, maxBytes: 5 });
    expect(tail).toMatchObject({ stdout: 'éé', stdout_truncated: true });
  });

  it("comes with the run's end from the worker, equal to what reading the run back gives", async () => {
    const answers: ExecutionAnswer[] = [];
    const sub = createRedis();
    sub.on('message', (_c: string, m: string) =>
      answers.push(JSON.parse(m.slice(m.indexOf(' ') + 1)) as ExecutionAnswer),
    );
    await sub.subscribe(CHANNEL.executionAnswer);
    try {
      // Several rows per stream (the sink stores a batch every 100 ms), well under the tail's size.
      const s = await scriptFor(
        admin,
        'for i in 1 2 3; do echo "out $i é"; echo "err $i" >&2; sleep 0.25; done\necho \'{"n": 3}\' > "$VSS_RESULT_FILE"\n',
        'bash',
      );
      const { created, output, ...done } = await executeScript({
        actor: admin,
        input: { id: s.id, wait: true },
        trigger: 'api',
      });
      expect(created).toBe(true);
      expect(done.status).toBe('succeeded');
      expect(output).toEqual({
        stdout: 'out 1 é\nout 2 é\nout 3 é\n',
        stderr: 'err 1\nerr 2\nerr 3\n',
        stdout_truncated: false,
        stderr_truncated: false,
        max_bytes: OUTPUT_TAIL_BYTES,
      });
      expect(answers.map((a) => a.id)).toContain(done.id);
      expect(done).toEqual({ ...toExecutionDto(await readExecution(done.id)), script_name: s.name });
      expect(output).toEqual(await getOutputTail({ executionId: done.id, attempt: 'current' }));
      // A run nobody waits for is not answered on the channel.
      const quiet = await executeScript({ actor: admin, input: { id: s.id }, trigger: 'api' });
      await waitForFinal(quiet.id, 30_000);
      await new Promise((r) => setTimeout(r, 200));
      expect(answers.map((a) => a.id)).not.toContain(quiet.id);
    } finally {
      sub.disconnect();
    }
  });
});
