/**
 * node --import tsx bench/alerts-throttle.ts — the throttle in real time: a script that fails every
 * 5 s for DEMO_SECONDS (default 150) under a rule with a 1-minute throttle, a webhook receiver
 * printing what it gets and when. Expected: the first failure at once, then one summary per
 * minute. Not a test (the test moves the clock instead of waiting).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startBenchEnvironment } from './bench-environment';

const SECONDS = Number(process.env.DEMO_SECONDS ?? 150);

async function main() {
  const bench = await startBenchEnvironment('alerts-throttle');
  const { startWorkerRuntime } = await import('@/worker/runtime');
  const { createTestActor, uniqueName } = await import('@/server/test/fixtures');
  const { createScript } = await import('@/server/scripts/create-script');
  const { executeScript } = await import('@/server/executions/execute-script');
  const { createAlertChannel } = await import('@/server/alerts/create-alert-channel');
  const { createAlertRule } = await import('@/server/alerts/create-alert-rule');
  const { webhookReceiver } = await import('@/server/alerts/tests/receivers');
  const { closeDb } = await import('@/db/client');

  const worker = await startWorkerRuntime({ concurrency: 2 });
  const receiver = await webhookReceiver(null);
  const actor = await createTestActor('admin');
  const script = await createScript({
    actor,
    input: {
      name: uniqueName('flapping camera check'),
      content: 'echo "camera 3: timeout" >&2; exit 1\n',
      language: 'bash',
      status: 'active',
    },
  });
  const channel = await createAlertChannel({
    actor,
    input: { name: uniqueName('ops'), type: 'webhook', config: { url: receiver.url } },
  });
  await createAlertRule({
    actor,
    input: {
      name: 'camera failures',
      on: ['failed', 'recovered'],
      target: { type: 'script', id: script.id },
      channel_ids: [channel.id],
      throttle_minutes: 1,
      language: 'en',
    },
  });

  const t0 = Date.now();
  const at = (t: number) => `t+${((t - t0) / 1000).toFixed(1).padStart(5)} s`;
  let runs = 0;
  let seen = 0;
  const print = () => {
    for (; seen < receiver.received.length; seen++) {
      const r = receiver.received[seen]!;
      const b = r.body as {
        event: string;
        suppressed: { count: number; events: Record<string, number> } | null;
        run: { id: string };
      };
      console.log(
        `${at(r.at)}  receiver got: ${b.event}${b.suppressed ? ` (+${b.suppressed.count} held back: ${JSON.stringify(b.suppressed.events)})` : ''}`,
      );
    }
  };
  while (Date.now() - t0 < SECONDS * 1000) {
    await executeScript({ actor, input: { id: script.id }, trigger: 'schedule' });
    runs++;
    await sleep(5_000);
    print();
  }
  await sleep(65_000); // the last window's summary
  print();
  console.log(
    `\n${runs} failing runs in ${SECONDS} s, ${receiver.received.length} messages received (throttle 1 min)\n`,
  );
  await receiver.close();
  await worker.stop(2000);
  await closeDb();
  await bench.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
