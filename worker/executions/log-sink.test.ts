import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { executionLogs } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { executeScript } from '@/server/executions/execute-script';
import { scriptFor } from '@/server/executions/tests/engine-harness';
import { MASK, SecretMasker, secretForms } from '@/server/secrets/secret-masker';
import { createTestActor } from '@/server/test/fixtures';
import { getOutputTail, OUTPUT_TAIL_BYTES } from '@/server/executions/get-output-tail';
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

describe("LogSink.outputTail() is what the stored rows give back (a `wait: true` answer's output)", () => {
  const secret = 'tail-secret-Ω';
  const masker = new SecretMasker([secret]);

  /** Writes in pseudo-random chunks, so the tail's cut and the rows' joins fall anywhere. */
  function writeChunked(sink: LogSink, stream: 'stdout' | 'stderr', text: string, seed: number) {
    const size = sizes(seed);
    for (let i = 0; i < text.length;) {
      const n = (size.next().value as number) * 997;
      sink.write(stream, text.slice(i, i + n));
      i += n;
    }
  }

  it.each([
    ['small, with a secret and system lines between', 40, 3],
    ['past the tail on stdout, multi-byte characters at every cut', 9000, 2],
    ['exactly the tail in bytes, then one byte more', 0, 0],
  ])('%s', async (label, repeats, seed) => {
    const id = await newExecution();
    const sink = new LogSink(id, 1, 0, masker, { keepTail: true });
    if (label.startsWith('exactly')) {
      sink.write('stdout', 'é'.repeat(OUTPUT_TAIL_BYTES / 2)); // 2 bytes each: exactly the tail
      await sink.close();
      expect(sink.outputTail()).toEqual(await getOutputTail({ executionId: id, attempt: 'current' }));
      expect(sink.outputTail()!.stdout_truncated).toBe(false);
      const more = new LogSink(id, 1, 1, masker, { keepTail: true });
      more.write('stdout', 'é'.repeat(OUTPUT_TAIL_BYTES / 2) + 'x');
      await more.close();
      expect(more.outputTail()!.stdout_truncated).toBe(true);
      return;
    }
    const line = (i: number) => `line ${i}: ü 😀 ${i % 7 === 0 ? secret : 'plain'} end\n`;
    writeChunked(sink, 'stdout', Array.from({ length: repeats }, (_, i) => line(i)).join(''), seed);
    sink.write('system', '[a note between]\n');
    writeChunked(sink, 'stderr', Array.from({ length: 30 }, (_, i) => `err ${i} ${secret}\n`).join(''), seed + 1);
    await sink.close();
    const tail = sink.outputTail();
    expect(tail).toEqual(await getOutputTail({ executionId: id, attempt: 'current' }));
    expect(tail!.stderr).toContain(MASK);
    expect(tail!.stderr).not.toContain(secret);
    expect(tail!.stdout_truncated).toBe(repeats > 1000);
  });

  it('says nothing once stored rows no longer match what was written (a batch refused)', async () => {
    // No such execution: PostgreSQL refuses the batch, and the sink stores a line saying why instead.
    const sink = new LogSink(randomUUID(), 1, 0, masker, { keepTail: true });
    sink.write('stdout', 'never stored\n');
    await sink.close();
    expect(sink.outputTail()).toBeNull();
  });

  it('keeps no tail for a run nobody waits for', async () => {
    const id = await newExecution();
    const sink = new LogSink(id, 1, 0, masker);
    sink.write('stdout', 'stored, not kept\n');
    await sink.close();
    expect(sink.outputTail()).toBeNull();
    expect((await getOutputTail({ executionId: id, attempt: 'current' })).stdout).toBe('stored, not kept\n');
  });
});
