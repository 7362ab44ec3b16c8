import type { triggers } from '@/db/schema';
import { displaySavedEnvironment, targetNames } from './start-target';
import type { TriggerDto } from './triggers.schema';

type TriggerRow = typeof triggers.$inferSelect;

export function toTriggerDto(row: TriggerRow, targetName: string | null = null): TriggerDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    enabled: row.enabled,
    event_pattern: row.eventPattern,
    filter: row.filter,
    target_type: row.targetType,
    target_id: row.targetId,
    target_name: targetName,
    parameter_mapping: (row.parameterMapping as Record<string, string> | null) ?? null,
    environment_vars: displaySavedEnvironment(row.environmentVars),
    owner_id: row.ownerId,
    webhook_enabled: row.webhookTokenHash != null,
    webhook_token_prefix: row.webhookTokenPrefix,
    webhook_hmac_enabled: row.webhookSecretSealed != null,
    webhook_signature_header: row.webhookSignatureHeader,
    webhook_body_only_signature: row.webhookBodyOnlySignature,
    last_fired_at: row.lastFiredAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export async function toTriggerDtos(rows: TriggerRow[]): Promise<TriggerDto[]> {
  const names = await targetNames(rows.map((r) => ({ type: r.targetType, id: r.targetId })));
  return rows.map((r) => toTriggerDto(r, names.get(`${r.targetType}:${r.targetId}`) ?? null));
}
