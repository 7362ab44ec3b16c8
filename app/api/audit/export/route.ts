import { exportAuditCsv } from '@/server/audit/list-audit';
import { sessionRoute } from '@/server/session/session-route';

export const dynamic = 'force-dynamic';

/** CSV download of the audit log with the page's filters. */
export const GET = sessionRoute(async (actor, req) => {
  const { page: _page, page_size: _size, ...filters } = Object.fromEntries(new URL(req.url).searchParams);
  const csv = await exportAuditCsv({ actor, input: filters });
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`,
    },
  });
});
