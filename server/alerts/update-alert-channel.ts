import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { alertChannels } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError, isUniqueViolation } from '@/server/errors/app-error';
import { updateChannelInput, type ChannelDto, type UpdateChannelInput } from './alerts.schema';
import { mergeChannelConfig, sealChannelConfig, unsealChannelConfig } from './channel-config';
import { toChannelDto } from './channel-dto';
import { getAlertChannelRow } from './get-alert-channel';

/** Renames, enables or reconfigures a channel; credentials the patch leaves out are kept. */
export async function updateAlertChannel(opts: {
  actor: Actor;
  input: UpdateChannelInput;
  meta?: RequestMeta;
}): Promise<ChannelDto> {
  assertCan(opts.actor, 'alert.channel.manage');
  const parsed = updateChannelInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { id, patch } = parsed.data;
  try {
    return await db().transaction(async (tx) => {
      const current = await getAlertChannelRow(id, tx, { forUpdate: true });
      let configSealed: string | undefined;
      if (patch.config) {
        let stored: Record<string, unknown> = {};
        try {
          stored = unsealChannelConfig(current.configSealed) as Record<string, unknown>;
        } catch {
          // unreadable (key changed): the patch must then hold the whole configuration
        }
        configSealed = sealChannelConfig(mergeChannelConfig(current.type, stored as never, patch.config));
      }
      const [row] = await tx
        .update(alertChannels)
        .set({ name: patch.name, enabled: patch.enabled, configSealed, updatedAt: sql`now()` })
        .where(eq(alertChannels.id, id))
        .returning();
      const changes = [
        patch.name !== undefined && patch.name !== current.name ? `renamed ${current.name} → ${patch.name}` : null,
        patch.enabled !== undefined && patch.enabled !== current.enabled
          ? patch.enabled
            ? 'enabled'
            : 'disabled'
          : null,
        // Names of the changed keys only: their values may be credentials.
        patch.config ? `configuration changed (${Object.keys(patch.config).join(', ') || 'nothing'})` : null,
      ].filter(Boolean);
      await writeAudit(
        {
          actor: opts.actor,
          action: 'alert_channel.update',
          entityType: 'alert_channel',
          entityId: id,
          meta: opts.meta,
          summary: `${current.name}: ${changes.join('; ') || 'nothing changed'}`,
        },
        tx,
      );
      return toChannelDto(row!);
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', `an alert channel named "${patch.name}" already exists`, {
        details: [{ field: 'patch.name', message: 'already used' }],
      });
    throw err;
  }
}
