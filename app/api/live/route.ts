import { streamLive } from '@/server/stats/stream-live';
import { eventStreamHeaders } from '@/server/infra/event-stream-headers';
import { sessionRoute } from '@/server/session/session-route';

export const dynamic = 'force-dynamic';

/** The dashboard's live feed (session cookie): snapshots of running/queued runs as server-sent events. */
export const GET = sessionRoute(async (actor, req) => {
  const stream = await streamLive({ actor, signal: req.signal });
  return new Response(stream, { headers: eventStreamHeaders });
});
