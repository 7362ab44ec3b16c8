import { db, type DbOrTx } from '@/db/client';
import { auditLogs } from '@/db/schema';
import { actorLabel, type Actor, type RequestMeta } from '@/server/auth/actor';

export interface AuditEntry {
  actor: Actor;
  action: string;
  entityType: string;
  entityId?: string | null;
  summary?: string;
  meta?: RequestMeta;
}

/** Append-only: the application has no update or delete path for audit rows. */
export async function writeAudit(entry: AuditEntry, tx: DbOrTx = db()): Promise<void> {
  const { actor } = entry;
  await tx.insert(auditLogs).values({
    actorType: actor.type,
    actorId: actor.type === 'system' ? null : actor.id,
    actorLabel: actorLabel(actor),
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    summary: (entry.summary ?? '').slice(0, 2000),
    ip: entry.meta?.ip ?? null,
    userAgent: entry.meta?.userAgent?.slice(0, 500) ?? null,
  });
}
