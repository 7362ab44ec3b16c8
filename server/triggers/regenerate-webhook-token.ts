import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { triggers } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import { toTriggerDtos } from './trigger-dto';
import type { TriggerWithTokenDto } from './triggers.schema';
import { newWebhookToken, webhookPath } from './webhook-token';
import { coded } from '@/server/messages/messages.shared';

/** A new token replaces the old one at once (the old URL answers 404); it is shown this once. */
export async function regenerateWebhookToken(opts: {
  actor: Actor;
  id: string;
  meta?: RequestMeta;
}): Promise<TriggerWithTokenDto> {
  assertCan(opts.actor, 'trigger.write');
  const token = newWebhookToken();
  const row = await db().transaction(async (tx) => {
    const [r] = await tx
      .update(triggers)
      .set({ webhookTokenHash: token.hash, webhookTokenPrefix: token.prefix, updatedAt: new Date() })
      .where(eq(triggers.id, opts.id))
      .returning();
    if (!r) throw AppError.notFound('trigger', opts.id);
    await writeAudit(
      {
        actor: opts.actor,
        action: 'trigger.webhook_token',
        entityType: 'trigger',
        entityId: r.id,
        summary: coded('audit.webhook_token', { prefix: token.prefix, name: r.name }),
        meta: opts.meta,
      },
      tx,
    );
    return r;
  });
  const [dto] = await toTriggerDtos([row]);
  return { ...dto!, webhook_token: token.token, webhook_path: webhookPath(token.token) };
}
