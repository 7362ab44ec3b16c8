import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor } from '@/server/test/fixtures';
import type { Actor } from '@/server/auth/actor';
import { startWorkerRuntime, type WorkerRuntime } from '@/worker/runtime';
import { executeScript } from '@/server/executions/execute-script';
import { getExecutionLogs } from '@/server/executions/get-execution';
import { scriptFor } from '@/server/executions/tests/engine-harness';

// Output and results are the script's bytes, whatever they are (CONVENTIONS 15): NUL, invalid UTF-8
// and lone surrogates are stored visibly as U+FFFD, and the run ends with its real state.
process.env.LOG_MAX_BYTES = String(4 * 1024 * 1024);

let admin: Actor;
let worker: WorkerRuntime;

beforeAll(async () => {
  admin = await createTestActor('admin');
  worker = await startWorkerRuntime({ concurrency: 2 });
});
afterAll(async () => {
  await worker?.stop(2000);
});

/** `wait: true`: the answer is the final row, so a stalled run fails the test by its timeout. */
const runAndWait = async (scriptId: string) =>
  executeScript({ actor: admin, input: { id: scriptId, wait: true }, trigger: 'api' });

async function output(id: string) {
  const { lines } = await getExecutionLogs({ actor: admin, input: { id, limit: 5000 } });
  return lines
    .filter((l) => l.stream === 'stdout')
    .map((l) => l.text)
    .join('');
}

describe('hostile bytes in output and results', () => {
  it("stores a NUL byte in output visibly and goes on: printf 'a\\0b\\n'; echo after", async () => {
    const s = await scriptFor(admin, "printf 'a\\0b\\n'; echo after\n");
    const done = await runAndWait(s.id);
    expect(done.status).toBe('succeeded');
    expect(await output(done.id)).toBe('a\uFFFDb\nafter\n');
  });

  it('stores a megabyte of random bytes and ends succeeded', async () => {
    const s = await scriptFor(admin, 'head -c 1000000 /dev/urandom\necho; echo after-random\n');
    const done = await runAndWait(s.id);
    expect(done.status).toBe('succeeded');
    expect(done.error).toBeNull();
    const text = await output(done.id);
    expect(text).not.toContain('\0');
    expect(text).toContain('\uFFFD');
    expect(text.endsWith('\nafter-random\n')).toBe(true);
    expect(done.log_truncated).toBe(false);
  });

  it('stores a result holding \\u0000, a lone surrogate and a NUL key', async () => {
    const s = await scriptFor(
      admin,
      `printf '%s' '{"a": "x\\u0000y", "s": "\\ud800", "k\\u0000": [1, "\\u0000"]}' > "$VSS_RESULT_FILE"\n`,
    );
    const done = await runAndWait(s.id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ a: 'x\uFFFDy', s: '\uFFFD', 'k\uFFFD': [1, '\uFFFD'] });
  });

  it('names the real cause when the result file is binary, and ends succeeded', async () => {
    const s = await scriptFor(admin, 'printf "\\0\\377\\0" > "$VSS_RESULT_FILE"\n');
    const done = await runAndWait(s.id);
    expect(done.status).toBe('succeeded');
    expect(done.error).toMatch(/^result file ignored: result file is not valid JSON/);
    expect(done.error).not.toContain('\0');
  });

  it('python writing NUL and invalid UTF-8 to stdout and stderr', async () => {
    const s = await scriptFor(
      admin,
      'import sys\nsys.stdout.buffer.write(b"x\\x00\\xff\\xfey\\n")\nsys.stdout.flush()\nsys.stderr.buffer.write(b"e\\x00\\n")\nprint("done")\n',
      'python',
    );
    const done = await runAndWait(s.id);
    expect(done.status).toBe('succeeded');
    expect(await output(done.id)).toBe('x\uFFFD\uFFFD\uFFFDy\ndone\n');
  });
});
