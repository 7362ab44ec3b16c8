import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { triggers } from '@/db/schema';
import { actorUserId, type Actor, type RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { seal } from '@/server/crypto/seal';
import { AppError } from '@/server/errors/app-error';
import { assertListens } from './create-trigger';
import { getTriggerRow } from './get-trigger';
import { assertTriggerMapping } from './assert-target-input';
import { assertTargetEnvironmentUsable, assertTargetUsable } from './start-target';
import { toTriggerDtos } from './trigger-dto';
import { updateTriggerInput, type TriggerWithTokenDto, type UpdateTriggerInput } from './triggers.schema';
import { newWebhookToken, webhookPath } from './webhook-token';
import { changedOfSummary } from '@/server/audit/changed-summary';

/**
 * Fields given are changed. `webhook_enabled: true` on a trigger without a token creates one
 * (answered once); `false` deletes the token, so the old URL stops working.
 */
export async function updateTrigger(opts: {
  actor: Actor;
  input: UpdateTriggerInput;
  meta?: RequestMeta;
}): Promise<TriggerWithTokenDto> {
  assertCan(opts.actor, 'trigger.write');
  const parsed = updateTriggerInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { id, patch } = parsed.data;
  let token: ReturnType<typeof newWebhookToken> | null = null;
  const row = await db().transaction(async (tx) => {
    const current = await getTriggerRow(id, tx, { forUpdate: true });
    const target = { type: patch.target_type ?? current.targetType, id: patch.target_id ?? current.targetId };
    if (patch.target_type !== undefined || patch.target_id !== undefined) await assertTargetUsable(opts.actor, target);
    const saved = current.parameterMapping as Record<string, string> | null;
    const mapping = patch.parameter_mapping === undefined ? saved : patch.parameter_mapping;
    await assertTriggerMapping(target, mapping);
    await assertTargetEnvironmentUsable({
      actor: opts.actor,
      ownerId: current.ownerId ?? actorUserId(opts.actor),
      target,
      environment: patch.environment_vars ?? (current.environmentVars as Record<string, string>),
      context: `trigger "${current.name}" saved`,
      meta: opts.meta,
    });
    const hadWebhook = current.webhookTokenHash != null;
    const wantWebhook = patch.webhook_enabled ?? hadWebhook;
    if (wantWebhook && !hadWebhook) token = newWebhookToken();
    assertListens(patch.event_pattern === undefined ? current.eventPattern : patch.event_pattern, wantWebhook);
    const [r] = await tx
      .update(triggers)
      .set({
        name: patch.name,
        description: patch.description,
        enabled: patch.enabled,
        eventPattern: patch.event_pattern,
        filter: patch.filter,
        targetType: target.type,
        targetId: target.id,
        parameterMapping: patch.parameter_mapping,
        environmentVars: patch.environment_vars,
        ownerId: current.ownerId ?? actorUserId(opts.actor),
        ...(wantWebhook ? {} : { webhookTokenHash: null, webhookTokenPrefix: null }),
        ...(token ? { webhookTokenHash: token.hash, webhookTokenPrefix: token.prefix } : {}),
        ...(patch.webhook_secret !== undefined
          ? { webhookSecretSealed: patch.webhook_secret ? seal(patch.webhook_secret) : null }
          : {}),
        webhookSignatureHeader: patch.webhook_signature_header,
        webhookBodyOnlySignature: patch.webhook_body_only_signature,
        updatedAt: new Date(),
      })
      .where(eq(triggers.id, id))
      .returning();
    await writeAudit(
      {
        actor: opts.actor,
        action: 'trigger.update',
        entityType: 'trigger',
        entityId: id,
        summary: changedOfSummary(Object.keys(patch), r!.name),
        meta: opts.meta,
      },
      tx,
    );
    return r!;
  });
  const [dto] = await toTriggerDtos([row]);
  const t = token as ReturnType<typeof newWebhookToken> | null;
  return { ...dto!, webhook_token: t?.token ?? null, webhook_path: t ? webhookPath(t.token) : null };
}
