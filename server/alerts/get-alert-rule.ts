import { eq } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { alertRules } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import type { RuleDto } from './alerts.schema';
import { toRuleDtos, type RuleRow } from './rule-dto';

export async function getAlertRuleRow(
  id: string,
  tx: DbOrTx = db(),
  opts: { forUpdate?: boolean } = {},
): Promise<RuleRow> {
  const q = tx.select().from(alertRules).where(eq(alertRules.id, id)).limit(1);
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw AppError.notFound('alert rule', id);
  return row;
}

export async function getAlertRule(opts: { actor: Actor; id: string }): Promise<RuleDto> {
  assertCan(opts.actor, 'alert.read');
  const row = await getAlertRuleRow(opts.id);
  return (await toRuleDtos(db(), opts.actor, [row]))[0]!;
}
