import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/trpc/router';
import { createTrpcContext } from '@/server/trpc/context';
import { isCrossSiteMutation } from '@/server/session/same-origin';
import { readBodyLimited } from '@/server/input/read-body';
import { httpErrorResponse } from '@/server/rest/http-error';
import { observeHttp, trpcRouteLabel } from '@/server/stats/metrics';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '@/server/errors/unavailable';

export const dynamic = 'force-dynamic';

const handler = async (incoming: Request) => {
  if (isCrossSiteMutation(incoming)) {
    return Response.json({ error: { code: 'FORBIDDEN', message: 'cross-site request refused' } }, { status: 403 });
  }
  // The body limit is enforced while reading, as on REST; tRPC then parses the text read here.
  let req = incoming;
  if (incoming.method === 'POST') {
    try {
      req = new Request(incoming.url, {
        method: 'POST',
        headers: incoming.headers,
        body: await readBodyLimited(incoming),
        signal: incoming.signal,
      });
    } catch (err) {
      return httpErrorResponse(err);
    }
  }
  // Whether req.url carries the BASE_PATH prefix depends on how Next rewrote it; take the endpoint
  // from the URL itself so procedure names resolve either way.
  const path = new URL(req.url).pathname;
  const endpoint = path.slice(0, path.indexOf('/api/trpc') + '/api/trpc'.length);
  const route = trpcRouteLabel(path.slice(endpoint.length + 1), appRouter._def.procedures);
  return observeHttp({ surface: 'trpc', method: req.method, route }, () =>
    fetchRequestHandler({
      endpoint,
      req,
      router: appRouter,
      createContext: () => createTrpcContext(req),
      // A dependency outage answers 503 (errorStatus); tell the client when to try again.
      responseMeta: ({ errors }) =>
        errors.some((e) => e.code === 'SERVICE_UNAVAILABLE')
          ? { headers: new Headers({ 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) }) }
          : {},
    }),
  );
};

export { handler as GET, handler as POST };
