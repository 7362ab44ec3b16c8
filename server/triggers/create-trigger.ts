import { db } from '@/db/client';
import { triggers } from '@/db/schema';
import { actorUserId, type Actor, type RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { seal } from '@/server/crypto/seal';
import { AppError } from '@/server/errors/app-error';
import { assertTriggerMapping } from './assert-target-input';
import { assertTargetEnvironmentUsable, assertTargetUsable } from './start-target';
import { toTriggerDtos } from './trigger-dto';
import { createTriggerInput, type CreateTriggerInput, type TriggerWithTokenDto } from './triggers.schema';
import { newWebhookToken, webhookPath } from './webhook-token';
import { coded } from '@/server/messages/messages.shared';

export function assertListens(eventPattern: string | null, webhook: boolean): void {
  if (!eventPattern && !webhook) {
    throw new AppError('VALIDATION_ERROR', 'event_pattern: set an event pattern, enable the webhook, or both', {
      details: [{ field: 'event_pattern', message: 'set an event pattern or enable the webhook' }],
    });
  }
}

/** The creator owns the trigger; a webhook token, when asked for, is in this answer only. */
export async function createTrigger(opts: {
  actor: Actor;
  input: CreateTriggerInput;
  meta?: RequestMeta;
}): Promise<TriggerWithTokenDto> {
  assertCan(opts.actor, 'trigger.write');
  const parsed = createTriggerInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const input = parsed.data;
  assertListens(input.event_pattern, input.webhook_enabled);
  await assertTargetUsable(opts.actor, { type: input.target_type, id: input.target_id });
  await assertTriggerMapping({ type: input.target_type, id: input.target_id }, input.parameter_mapping);
  await assertTargetEnvironmentUsable({
    actor: opts.actor,
    ownerId: actorUserId(opts.actor),
    target: { type: input.target_type, id: input.target_id },
    environment: input.environment_vars,
    context: `trigger "${input.name}" saved`,
    meta: opts.meta,
  });
  const token = input.webhook_enabled ? newWebhookToken() : null;
  const row = await db().transaction(async (tx) => {
    const [r] = await tx
      .insert(triggers)
      .values({
        name: input.name,
        description: input.description,
        enabled: input.enabled,
        eventPattern: input.event_pattern,
        filter: input.filter,
        targetType: input.target_type,
        targetId: input.target_id,
        parameterMapping: input.parameter_mapping,
        environmentVars: input.environment_vars,
        ownerId: actorUserId(opts.actor),
        webhookTokenHash: token?.hash ?? null,
        webhookTokenPrefix: token?.prefix ?? null,
        webhookSecretSealed: input.webhook_secret ? seal(input.webhook_secret) : null,
        webhookSignatureHeader: input.webhook_signature_header,
        webhookBodyOnlySignature: input.webhook_body_only_signature,
      })
      .returning();
    const summary = coded(token ? 'audit.trigger_created_webhook' : 'audit.trigger_created', {
      name: input.name,
      pattern: input.event_pattern ?? '',
      target_code: `target.${input.target_type}`,
      target_id: input.target_id,
    });
    await writeAudit(
      { actor: opts.actor, action: 'trigger.create', entityType: 'trigger', entityId: r!.id, summary, meta: opts.meta },
      tx,
    );
    return r!;
  });
  const [dto] = await toTriggerDtos([row]);
  return { ...dto!, webhook_token: token?.token ?? null, webhook_path: token ? webhookPath(token.token) : null };
}
