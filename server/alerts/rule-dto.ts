import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { alertRules, scripts, workflows } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { can } from '@/server/auth/permissions';
import type { AlertEvent, AlertLanguage, AlertTarget, RuleDto } from './alerts.schema';

export type RuleRow = typeof alertRules.$inferSelect;

export function targetOf(row: RuleRow): AlertTarget {
  switch (row.targetType) {
    case 'script':
      return { type: 'script', id: row.targetId! };
    case 'workflow':
      return { type: 'workflow', id: row.targetId! };
    case 'tag':
      return { type: 'tag', tag: row.targetTag! };
    case 'all':
      return { type: 'all' };
  }
}

/** Editors manage the rules of what they can edit: one script, one workflow, or (tag, all) both kinds. */
export function mayManageRule(actor: Actor, target: Pick<AlertTarget, 'type'>): boolean {
  if (!can(actor, 'alert.rule.write')) return false;
  switch (target.type) {
    case 'script':
      return can(actor, 'script.write');
    case 'workflow':
      return can(actor, 'workflow.write');
    case 'tag':
    case 'all':
      return can(actor, 'script.write') && can(actor, 'workflow.write');
  }
}

/** DTOs with the names of their scripts and workflows (one query per kind for all of them). */
export async function toRuleDtos(tx: DbOrTx, actor: Actor, rows: RuleRow[]): Promise<RuleDto[]> {
  const ids = (kind: 'script' | 'workflow') => [
    ...new Set(rows.filter((r) => r.targetType === kind).map((r) => r.targetId!)),
  ];
  const [s, w] = await Promise.all([
    ids('script').length
      ? tx
          .select({ id: scripts.id, name: scripts.name })
          .from(scripts)
          .where(inArray(scripts.id, ids('script')))
      : [],
    ids('workflow').length
      ? tx
          .select({ id: workflows.id, name: workflows.name })
          .from(workflows)
          .where(inArray(workflows.id, ids('workflow')))
      : [],
  ]);
  const names = new Map([...s, ...w].map((x) => [x.id, x.name]));
  return rows.map((r) => {
    const target = targetOf(r);
    const name = r.targetId ? names.get(r.targetId) : undefined;
    return {
      id: r.id,
      name: r.name,
      on: r.events as AlertEvent[],
      target: { ...target, ...(name !== undefined ? { name } : {}) },
      channel_ids: r.channelIds,
      throttle_minutes: r.throttleMinutes,
      slow_seconds: r.slowSeconds,
      language: r.language as AlertLanguage,
      enabled: r.enabled,
      editable: mayManageRule(actor, target),
      created_at: r.createdAt.toISOString(),
      updated_at: r.updatedAt.toISOString(),
    };
  });
}
