import { and, desc, eq, gte, ilike, lt, sql, type SQL } from 'drizzle-orm';
import { containsPattern } from '@/db/like-pattern';
import { z } from 'zod';
import { db } from '@/db/client';
import { auditLogs } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { cleanParams, type MessageParams } from '@/server/messages/messages.shared';

export const listAuditInput = z.object({
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(1000).default(50),
  action: z.string().max(100).optional(),
  entity_type: z.string().max(50).optional(),
  actor: z.string().max(200).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});

export interface AuditDto {
  id: string;
  at: string;
  actor_type: string;
  actor: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  summary: string;
  summary_code: string | null;
  summary_params: MessageParams | null;
  ip: string | null;
  user_agent: string | null;
}

export async function listAudit(opts: { actor: Actor; input: z.input<typeof listAuditInput> }) {
  assertCan(opts.actor, 'audit.read');
  const parsed = listAuditInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const q = parsed.data;
  const where: SQL[] = [];
  if (q.action) where.push(eq(auditLogs.action, q.action));
  if (q.entity_type) where.push(eq(auditLogs.entityType, q.entity_type));
  if (q.actor) where.push(ilike(auditLogs.actorLabel, containsPattern(q.actor)));
  if (q.from) where.push(gte(auditLogs.at, q.from));
  if (q.to) where.push(lt(auditLogs.at, q.to));
  const cond = where.length ? and(...where) : undefined;
  const [rows, [count]] = await Promise.all([
    db()
      .select()
      .from(auditLogs)
      .where(cond)
      .orderBy(desc(auditLogs.at), desc(auditLogs.id))
      .limit(q.page_size)
      .offset((q.page - 1) * q.page_size),
    db()
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLogs)
      .where(cond),
  ]);
  const items: AuditDto[] = rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actor_type: r.actorType,
    actor: r.actorLabel,
    action: r.action,
    entity_type: r.entityType,
    entity_id: r.entityId,
    summary: r.summary,
    summary_code: r.summaryCode,
    summary_params: r.summaryCode ? cleanParams(r.summaryParams) : null,
    ip: r.ip,
    user_agent: r.userAgent,
  }));
  const total = count?.n ?? 0;
  return { items, total, page: q.page, page_size: q.page_size, pages: Math.max(1, Math.ceil(total / q.page_size)) };
}

const csvCell = (v: string | null) => {
  const s = v ?? '';
  // A leading = + - @ would be run as a formula by spreadsheet programs.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

export function auditToCsv(items: AuditDto[]): string {
  const header = ['at', 'actor_type', 'actor', 'action', 'entity_type', 'entity_id', 'summary', 'ip', 'user_agent'];
  const lines = items.map((i) =>
    [i.at, i.actor_type, i.actor, i.action, i.entity_type, i.entity_id, i.summary, i.ip, i.user_agent]
      .map(csvCell)
      .join(','),
  );
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}

const EXPORT_PAGE = 1000;
const EXPORT_MAX_PAGES = 100;

/** The audit log as CSV with the list's filters, at most 100,000 rows (newest first). */
export async function exportAuditCsv(opts: {
  actor: Actor;
  input: Omit<z.input<typeof listAuditInput>, 'page' | 'page_size'>;
}): Promise<string> {
  const items: AuditDto[] = [];
  for (let page = 1; page <= EXPORT_MAX_PAGES; page++) {
    const res = await listAudit({ actor: opts.actor, input: { ...opts.input, page, page_size: EXPORT_PAGE } });
    items.push(...res.items);
    if (page >= res.pages) break;
  }
  return auditToCsv(items);
}
