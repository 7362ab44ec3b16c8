import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { CHANNEL, type StatusEvent } from '@/server/queue/channels';
import { createRedis } from '@/server/queue/connection';
import { countInFlight, listRecentRuns } from './in-flight';
import type { LiveSnapshotDto } from './stats.schema';

const encoder = new TextEncoder();
const sse = (event: string, data: unknown) => encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

export const LIVE_RECENT = 10;
/** Status events are coalesced: at most one snapshot per this interval, the last one always sent. */
const COALESCE_MS = 300;

/** Running and queued counts and the newest runs: what the live section shows. */
export async function liveSnapshot(opts: { actor: Actor; limit?: number }): Promise<LiveSnapshotDto> {
  assertCan(opts.actor, 'execution.read');
  const [inFlight, recent] = await Promise.all([countInFlight(), listRecentRuns(opts.limit ?? LIVE_RECENT)]);
  return { ...inFlight, recent, at: new Date().toISOString() };
}

/**
 * The dashboard's live feed as server-sent events. It subscribes to the status channel first,
 * then sends a `snapshot` (running and queued counts, newest runs); every status change then
 * causes a fresh snapshot, coalesced so a burst of changes costs a few cheap queries, not one
 * per change per viewer. Each status event is also forwarded as `status` for viewers that react
 * to single runs, and each rollup of finished runs as `stats` (the counters and charts are stale).
 */
export async function streamLive(opts: { actor: Actor; signal?: AbortSignal }): Promise<ReadableStream<Uint8Array>> {
  assertCan(opts.actor, 'execution.read');
  const sub = createRedis({ maxRetriesPerRequest: 1 });
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ping: ReturnType<typeof setInterval> | undefined;
  const shutdown = () => {
    closed = true;
    clearTimeout(timer);
    clearInterval(ping);
    sub.disconnect();
  };

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (chunk: Uint8Array) => {
        if (closed) return;
        try {
          controller.enqueue(chunk);
        } catch {
          shutdown();
        }
      };
      let sending = false;
      let pending = false;
      const sendSnapshot = async () => {
        if (sending) return void (pending = true);
        sending = true;
        try {
          do {
            pending = false;
            const snap = await liveSnapshot({ actor: opts.actor });
            send(sse('snapshot', snap));
          } while (pending && !closed);
        } catch {
          // The database is away for a moment: the next status event or the client's reconnect retries.
        } finally {
          sending = false;
        }
      };
      const schedule = () => {
        if (timer || closed) return;
        timer = setTimeout(() => {
          timer = undefined;
          void sendSnapshot();
        }, COALESCE_MS);
      };
      opts.signal?.addEventListener('abort', () => {
        shutdown();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      });
      sub.on('message', (channel: string, message: string) => {
        if (channel === CHANNEL.statsChanged) {
          // Forwarded as is: the page refetches its figures (the rollups changed under them).
          try {
            send(sse('stats', JSON.parse(message) as unknown));
          } catch {
            /* not ours */
          }
          return;
        }
        try {
          send(sse('status', JSON.parse(message) as StatusEvent));
        } catch {
          /* not ours */
        }
        schedule();
      });
      await sub.subscribe(CHANNEL.executionStatus, CHANNEL.statsChanged);
      await sendSnapshot();
      // Comments keep proxies from closing an idle stream.
      ping = setInterval(() => send(encoder.encode(': ping\n\n')), 15_000);
    },
    cancel() {
      shutdown();
    },
  });
}
