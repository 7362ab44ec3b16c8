import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/trpc/router';
import { createTrpcContext } from '@/server/trpc/context';
import { isCrossSiteMutation } from '@/server/session/same-origin';

export const dynamic = 'force-dynamic';

const handler = (req: Request) => {
  if (isCrossSiteMutation(req)) {
    return Response.json({ error: { code: 'FORBIDDEN', message: 'cross-site request refused' } }, { status: 403 });
  }
  return fetchRequestHandler({ endpoint: `${process.env.NEXT_PUBLIC_BASE_PATH ?? ''}/api/trpc`, req, router: appRouter, createContext: () => createTrpcContext(req) });
};

export { handler as GET, handler as POST };
