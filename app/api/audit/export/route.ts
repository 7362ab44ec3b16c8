import { actorFromSession } from '@/server/session/current-actor';
import { exportAuditCsv } from '@/server/audit/list-audit';
import { httpErrorResponse } from '@/server/rest/http-error';

export const dynamic = 'force-dynamic';

/** CSV download of the audit log with the page's filters. */
export async function GET(req: Request) {
  const actor = await actorFromSession();
  if (!actor) return Response.json({ error: { code: 'UNAUTHORIZED', message: 'sign in first', details: [] } }, { status: 401 });
  try {
    const { page: _page, page_size: _size, ...filters } = Object.fromEntries(new URL(req.url).searchParams);
    const csv = await exportAuditCsv({ actor, input: filters });
    return new Response(csv, {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"` },
    });
  } catch (err) {
    return httpErrorResponse(err);
  }
}
