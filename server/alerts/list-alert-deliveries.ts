import { count, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { db } from '@/db/client';
import { alertDeliveries } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { deliveryListInput, type DeliveryDto } from './alerts.schema';
import { getAlertRuleRow } from './get-alert-rule';

/** A rule's delivery log, newest first: one row per message and channel, with the receiver's answer. */
export async function listAlertDeliveries(opts: { actor: Actor; input: z.input<typeof deliveryListInput> }) {
  assertCan(opts.actor, 'alert.read');
  const parsed = deliveryListInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { id, page, page_size: pageSize } = parsed.data;
  await getAlertRuleRow(id);
  const where = eq(alertDeliveries.ruleId, id);
  const [rows, [total]] = await Promise.all([
    db()
      .select()
      .from(alertDeliveries)
      .where(where)
      .orderBy(desc(alertDeliveries.createdAt), desc(alertDeliveries.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db().select({ n: count() }).from(alertDeliveries).where(where),
  ]);
  const items: DeliveryDto[] = rows.map((r) => ({
    id: r.id,
    channel_id: r.channelId,
    channel_name: r.channelName,
    channel_type: r.channelType,
    event: r.event,
    execution_id: r.executionId,
    workflow_run_id: r.workflowRunId,
    title: String((r.message as { title?: unknown }).title ?? ''),
    status: r.status,
    attempts: r.attempts,
    response_code: r.responseCode,
    error: r.error,
    created_at: r.createdAt.toISOString(),
    finished_at: r.finishedAt?.toISOString() ?? null,
  }));
  const n = total?.n ?? 0;
  return { items, total: n, page, page_size: pageSize, pages: Math.ceil(n / pageSize) };
}
