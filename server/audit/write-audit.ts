import { sql, type SQL } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { auditLogs } from '@/db/schema';
import { actorLabel, type Actor, type RequestMeta } from '@/server/auth/actor';
import type { CodedMessage } from '@/server/messages/messages.shared';

export interface AuditEntry {
  actor: Actor;
  action: string;
  entityType: string;
  entityId?: string | null;
  /** Plain English text, or a message code (server/messages) the UI renders in the reader's language. */
  summary?: string | CodedMessage;
  meta?: RequestMeta;
}

function auditValues(entry: AuditEntry) {
  const { actor } = entry;
  return {
    actorType: actor.type,
    actorId: actor.type === 'system' ? null : actor.id,
    actorLabel: actorLabel(actor),
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    summary: (typeof entry.summary === 'object' ? entry.summary.message : (entry.summary ?? '')).slice(0, 2000),
    summaryCode: typeof entry.summary === 'object' ? entry.summary.code : null,
    summaryParams: typeof entry.summary === 'object' ? entry.summary.params : null,
    ip: entry.meta?.ip ?? null,
    userAgent: entry.meta?.userAgent?.slice(0, 500) ?? null,
  };
}

/** Append-only: the application has no update or delete path for audit rows. */
export async function writeAudit(entry: AuditEntry, tx: DbOrTx = db()): Promise<void> {
  await tx.insert(auditLogs).values(auditValues(entry));
}

/**
 * The audit entry as a common table expression (`<source>_audit as (...)`) of the statement that
 * creates the entity: one row per row of `source` (a CTE of that statement), with `entityId` taken
 * from it. Entity and entry then commit in one statement, and no entry exists for an entity that
 * was not created.
 */
export function auditCte(entry: Omit<AuditEntry, 'entityId'>, source: string, entityId: SQL): SQL {
  const v = auditValues(entry);
  return sql`${sql.identifier(`${source}_audit`)} as (
    insert into audit_logs (
      actor_type, actor_id, actor_label, action, entity_type, entity_id, summary, summary_code, summary_params, ip, user_agent)
    select ${v.actorType}, ${v.actorId}, ${v.actorLabel}, ${v.action}, ${v.entityType}, ${entityId}, ${v.summary},
      ${v.summaryCode},
      ${v.summaryParams === null ? null : JSON.stringify(v.summaryParams)}::jsonb, ${v.ip}, ${v.userAgent}
    from ${sql.identifier(source)})`;
}
