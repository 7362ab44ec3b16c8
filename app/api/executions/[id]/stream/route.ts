import { actorFromSession } from '@/server/session/current-actor';
import { streamExecution } from '@/server/executions/stream-execution';
import { httpErrorResponse } from '@/server/rest/http-error';

export const dynamic = 'force-dynamic';

/** Live log of one execution for the UI (session cookie); the REST API has its own follow=true. */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const actor = await actorFromSession();
  if (!actor) return Response.json({ error: { code: 'UNAUTHORIZED', message: 'sign in first', details: [] } }, { status: 401 });
  const { id } = await ctx.params;
  const after = Number(new URL(req.url).searchParams.get('after_seq') ?? 0) || 0;
  try {
    const stream = await streamExecution({ actor, id, afterSeq: after, signal: req.signal });
    return new Response(stream, {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' },
    });
  } catch (err) {
    return httpErrorResponse(err);
  }
}
