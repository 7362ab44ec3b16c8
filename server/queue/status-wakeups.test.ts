import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { closeRedis, publisher, redis } from './connection';
import { CHANNEL } from './channels';
import { closeStatusWakeups, watchStatus } from './status-wakeups';

afterAll(async () => {
  closeStatusWakeups();
  await closeRedis();
});

const publish = (id: string) =>
  publisher().publish(
    CHANNEL.executionStatus,
    JSON.stringify({
      id,
      script_id: null,
      status: 'succeeded',
      attempt: 1,
      exit_code: 0,
      at: new Date().toISOString(),
    }),
  );

/** Whether the promise has settled once every pending callback has run. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
}

async function pubsubClients(): Promise<number> {
  const list = (await redis().call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
  return list.split('\n').filter(Boolean).length;
}

describe('status wake-ups', () => {
  it('keeps an event that arrives between the read and the wait (registered before the read)', async () => {
    const id = randomUUID();
    const early = await watchStatus(id); // what waitForFinal does before it reads the row
    const witness = await watchStatus(id);
    await publish(id); // the run ends while the caller is still reading
    await witness.next(); // the event has been delivered to this process
    const late = await watchStatus(id); // registered after the event: must not see it
    expect(await settled(early.next())).toBe(true);
    expect(await settled(late.next())).toBe(false);
    // Other executions' events do not wake it.
    const other = await watchStatus(randomUUID());
    await publish(id);
    await witness.next();
    expect(await settled(other.next())).toBe(false);
    for (const w of [early, witness, late, other]) w.close();
  });

  it('serves many waiting calls through one subscriber connection', async () => {
    const before = await pubsubClients();
    const ids = Array.from({ length: 10 }, () => randomUUID());
    const waits = await Promise.all(ids.map((id) => watchStatus(id)));
    expect(await pubsubClients()).toBeLessThanOrEqual(Math.max(before, 1));
    const woken = waits.map((w) => w.next());
    for (const id of ids) await publish(id);
    await Promise.all(woken);
    for (const w of waits) w.close();
  });

  it("hands a run's answer only to those waiting for it, before the status that wakes them; bad ones are dropped", async () => {
    const id = randomUUID();
    const other = randomUUID();
    const mine = await watchStatus(id);
    const theirs = await watchStatus(other);
    const answer = {
      id,
      execution: { id, status: 'succeeded' },
      output: { stdout: 'hi\n', stderr: '', stdout_truncated: false, stderr_truncated: false, max_bytes: 65536 },
    };
    await publisher().publish(CHANNEL.executionAnswer, `${id} {not json`);
    await publisher().publish(CHANNEL.executionAnswer, `${other} ${JSON.stringify({ ...answer, id: 7 })}`);
    await publisher().publish(CHANNEL.executionAnswer, `${other} ${JSON.stringify(answer)}`); // another run's
    await publisher().publish(CHANNEL.executionAnswer, `${id} ${JSON.stringify(answer)}`);
    await publish(id); // the final status, after the answer, as the worker publishes them
    await publish(other);
    expect(await mine.next()).toBe('succeeded');
    expect(mine.answer).toEqual(answer);
    await theirs.next();
    expect(theirs.answer).toBeUndefined(); // one answer without an id, one naming another run: both dropped
    for (const w of [mine, theirs]) w.close();
  });
});
