import { dispatchRest } from '@/server/rest/dispatch';
import { openApiDocument } from '@/server/rest/openapi';

export const dynamic = 'force-dynamic';

const basePath = process.env.NEXT_PUBLIC_BASE_PATH ?? '';

async function handle(req: Request, ctx: { params: Promise<{ path?: string[] }> }) {
  const segments = (await ctx.params).path ?? [];
  const trailing = new URL(req.url).pathname.endsWith('/') ? '/' : '';
  const path = `/api/v1/${segments.map(encodeURIComponent).join('/')}${segments.length ? trailing : ''}`;
  if (req.method === 'GET' && path === '/api/v1/openapi.json') return Response.json(openApiDocument(basePath || '/'));
  return dispatchRest(req, path);
}

export { handle as GET, handle as POST, handle as PUT, handle as DELETE };
