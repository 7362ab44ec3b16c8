import { actorFromSession } from '@/server/session/current-actor';
import { streamLive } from '@/server/stats/stream-live';
import { httpErrorResponse } from '@/server/rest/http-error';

export const dynamic = 'force-dynamic';

/** The dashboard's live feed (session cookie): snapshots of running/queued runs as server-sent events. */
export async function GET(req: Request) {
  const actor = await actorFromSession();
  if (!actor) return Response.json({ error: { code: 'UNAUTHORIZED', message: 'sign in first', details: [] } }, { status: 401 });
  try {
    const stream = await streamLive({ actor, signal: req.signal });
    return new Response(stream, {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' },
    });
  } catch (err) {
    return httpErrorResponse(err);
  }
}
