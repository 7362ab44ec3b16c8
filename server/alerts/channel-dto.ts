import type { alertChannels } from '@/db/schema';
import type { ChannelDto } from './alerts.schema';
import { publicChannelConfig, unsealChannelConfig } from './channel-config';

export type ChannelRow = typeof alertChannels.$inferSelect;

/** A channel as the API answers it: its configuration without any credential. */
export function toChannelDto(row: ChannelRow): ChannelDto {
  let config: Record<string, unknown>;
  try {
    config = publicChannelConfig(row.type, unsealChannelConfig(row.configSealed));
  } catch {
    config = { unreadable: 'the configuration cannot be opened (SECRETS_KEY changed?): save it again' };
  }
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    config,
    enabled: row.enabled,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
