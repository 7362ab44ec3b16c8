import { beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { executionLogs } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { executeScript } from '@/server/executions/execute-script';
import { scriptFor } from '@/server/executions/tests/engine-harness';
import { MASK, SecretMasker, secretForms } from '@/server/secrets/secret-masker';
import { createTestActor } from '@/server/test/fixtures';
import { LogSink } from './log-sink';

let admin: Actor;
let scriptId: string;
beforeAll(async () => {
  admin = await createTestActor('admin');
  scriptId = (await scriptFor(admin, 'true\n')).id;
});

/** A queued execution row to hang log lines on (no worker runs it). */
const newExecution = async () => (await executeScript({ actor: admin, input: { id: scriptId }, trigger: 'manual' })).id;

/** Deterministic pseudo-random chunk sizes, 1-9 characters. */
function* sizes(seed: number) {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield 1 + (x % 9);
  }
}

describe('LogSink masks every form of a secret split across any chunk boundaries', () => {
  const secret = 'S3cr"e\\t/ü+ val';
  const masker = new SecretMasker([secret]);
  const text = secretForms(secret)
    .map((f, i) => `line ${i}: [${f}] and [x${f}y]\n`)
    .join('');

  it.each([1, 2, 3, 4, 5])(
    'random chunking #%i on stdout and stderr gives what masking the whole text gives',
    async (seed) => {
      const id = await newExecution();
      const sink = new LogSink(id, 1, 0, masker);
      const size = sizes(seed);
      for (let i = 0; i < text.length;) {
        const n = size.next().value as number;
        sink.write('stdout', text.slice(i, i + n));
        sink.write('stderr', text.slice(i, i + n));
        i += n;
      }
      await sink.close();
      const rows = await db()
        .select()
        .from(executionLogs)
        .where(eq(executionLogs.executionId, id))
        .orderBy(asc(executionLogs.seq));
      for (const stream of ['stdout', 'stderr'] as const) {
        const stored = rows
          .filter((r) => r.stream === stream)
          .map((r) => r.text)
          .join('');
        expect(stored).toBe(masker.mask(text));
        for (const f of secretForms(secret)) expect(stored).not.toContain(f);
        expect(stored.split(MASK).length - 1).toBeGreaterThanOrEqual(secretForms(secret).length * 2);
      }
    },
  );

  it('holds nothing back when the run has no secrets', async () => {
    const id = await newExecution();
    const plain = new LogSink(id, 1, 0, new SecretMasker([]));
    plain.write('stdout', 'abc');
    await plain.flush();
    expect(
      (await db().select().from(executionLogs).where(eq(executionLogs.executionId, id))).map((r) => r.text),
    ).toEqual(['abc']);
  });
});
