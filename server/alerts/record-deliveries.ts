import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { alertChannels, alertDeliveries } from '@/db/schema';
import type { AlertLanguage } from './alerts.schema';
import { renderAlert, type AlertFacts } from './render-alert';
import type { RuleRow } from './rule-dto';

/**
 * One pending delivery row per enabled channel of the rule, with the message rendered once in the
 * rule's language (every retry sends the same text). Answers the ids to enqueue after commit.
 */
export async function recordDeliveries(
  tx: DbOrTx,
  rule: RuleRow,
  facts: AlertFacts,
  targetKey: string,
): Promise<string[]> {
  if (!rule.channelIds.length) return [];
  const channels = await tx
    .select({ id: alertChannels.id, name: alertChannels.name, type: alertChannels.type })
    .from(alertChannels)
    .where(and(inArray(alertChannels.id, rule.channelIds), eq(alertChannels.enabled, true)));
  if (!channels.length) return [];
  const message = renderAlert(facts, rule.language as AlertLanguage);
  const rows = await tx
    .insert(alertDeliveries)
    .values(
      channels.map((c) => ({
        ruleId: rule.id,
        channelId: c.id,
        channelName: c.name,
        channelType: c.type,
        event: facts.event,
        targetKey,
        executionId: facts.run?.kind === 'execution' ? facts.run.id : null,
        workflowRunId: facts.run?.kind === 'workflow_run' ? facts.run.id : null,
        message,
      })),
    )
    .returning({ id: alertDeliveries.id });
  return rows.map((r) => r.id);
}
