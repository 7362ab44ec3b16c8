import { streamExecution } from '@/server/executions/stream-execution';
import { eventStreamHeaders } from '@/server/infra/event-stream-headers';
import { sessionRoute } from '@/server/session/session-route';

export const dynamic = 'force-dynamic';

/** Live log of one execution for the UI (session cookie); the REST API has its own follow=true. */
export const GET = sessionRoute<{ params: Promise<{ id: string }> }>(async (actor, req, ctx) => {
  const { id } = await ctx.params;
  const after = Number(new URL(req.url).searchParams.get('after_seq') ?? 0) || 0;
  const stream = await streamExecution({ actor, id, afterSeq: after, signal: req.signal });
  return new Response(stream, { headers: eventStreamHeaders });
});
