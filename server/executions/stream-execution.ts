import type { Actor } from '@/server/auth/actor';
import { CHANNEL, type StatusEvent } from '@/server/queue/channels';
import { createRedis } from '@/server/queue/connection';
import type { LogLineDto } from './executions.schema';
import { getExecution, getExecutionLogs } from './get-execution';
import { isFinalStatus } from './wait-for-final';

const encoder = new TextEncoder();
const sse = (event: string, data: unknown) => encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

/**
 * A server-sent event stream of one execution: stored lines first, then live ones, then the final
 * status. It subscribes before reading the stored lines and drops duplicates by seq, so no line is
 * lost or repeated in the hand-over.
 */
export async function streamExecution(opts: {
  actor: Actor;
  id: string;
  afterSeq?: number;
  signal?: AbortSignal;
}): Promise<ReadableStream<Uint8Array>> {
  const first = await getExecution({ actor: opts.actor, id: opts.id }); // checks permission and existence
  const sub = createRedis({ maxRetriesPerRequest: 1 });
  let lastSeq = opts.afterSeq ?? 0;
  let closed = false;

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const buffered: string[] = [];
      let live = false;
      let finish = () => undefined as void;
      const close = () => {
        if (closed) return;
        closed = true;
        sub.disconnect();
        try {
          controller.close();
        } catch {
          /* already closed by the client */
        }
      };
      const sendLines = (lines: LogLineDto[]) => {
        const fresh = lines.filter((l) => l.seq > lastSeq);
        if (!fresh.length || closed) return;
        lastSeq = fresh.at(-1)!.seq;
        controller.enqueue(sse('logs', fresh));
      };
      const sendStatus = async () => {
        const exec = await getExecution({ actor: opts.actor, id: opts.id });
        if (closed) return;
        controller.enqueue(sse('status', exec));
        if (isFinalStatus(exec.status)) {
          // Lines flushed just before the final status are read back before the stream ends.
          await drainStored();
          finish();
        }
      };
      const drainStored = async () => {
        for (;;) {
          const page = await getExecutionLogs({
            actor: opts.actor,
            input: { id: opts.id, after_seq: lastSeq, limit: 2000 },
          });
          sendLines(page.lines);
          if (page.lines.length < 2000) break;
        }
      };
      const onMessage = (channel: string, message: string) => {
        if (!live) return void buffered.push(`${channel}\n${message}`);
        if (channel === CHANNEL.executionStatus) {
          if ((JSON.parse(message) as StatusEvent).id === opts.id) void sendStatus();
        } else sendLines(JSON.parse(message) as LogLineDto[]);
      };
      opts.signal?.addEventListener('abort', close);
      finish = close;
      sub.on('message', onMessage);
      await sub.subscribe(CHANNEL.logs(opts.id), CHANNEL.executionStatus);
      controller.enqueue(sse('status', first));
      await drainStored();
      live = true;
      for (const b of buffered.splice(0)) {
        const [channel, ...rest] = b.split('\n');
        onMessage(channel!, rest.join('\n'));
      }
      await sendStatus();
      // Comments keep proxies from closing an idle stream.
      const ping = setInterval(
        () => (closed ? clearInterval(ping) : controller.enqueue(encoder.encode(': ping\n\n'))),
        15_000,
      );
    },
    cancel() {
      closed = true;
      sub.disconnect();
    },
  });
}
