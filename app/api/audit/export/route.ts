import { actorFromSession } from '@/server/session/current-actor';
import { auditToCsv, listAudit } from '@/server/audit/list-audit';
import { httpErrorResponse } from '@/server/rest/http-error';

export const dynamic = 'force-dynamic';

/** CSV of the audit log with the page's filters (at most 100,000 rows per export). */
export async function GET(req: Request) {
  const actor = await actorFromSession();
  if (!actor) return Response.json({ error: { code: 'UNAUTHORIZED', message: 'sign in first', details: [] } }, { status: 401 });
  try {
    const query = Object.fromEntries(new URL(req.url).searchParams);
    const items = [];
    for (let page = 1; page <= 100; page++) {
      const res = await listAudit({ actor, input: { ...query, page, page_size: 1000 } });
      items.push(...res.items);
      if (page >= res.pages) break;
    }
    return new Response(auditToCsv(items), {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"` },
    });
  } catch (err) {
    return httpErrorResponse(err);
  }
}
