import { db } from '@/db/client';
import { alertChannels } from '@/db/schema';
import { actorUserId, type Actor, type RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError, isUniqueViolation } from '@/server/errors/app-error';
import { createChannelInput, type ChannelDto, type CreateChannelInput } from './alerts.schema';
import { parseChannelConfig, sealChannelConfig } from './channel-config';
import { toChannelDto } from './channel-dto';

/** Adds a channel (admins). Its configuration is sealed whole: URLs hold robot tokens. */
export async function createAlertChannel(opts: {
  actor: Actor;
  input: CreateChannelInput;
  meta?: RequestMeta;
}): Promise<ChannelDto> {
  assertCan(opts.actor, 'alert.channel.manage');
  const parsed = createChannelInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const input = parsed.data;
  const config = parseChannelConfig(input.type, input.config);
  try {
    return await db().transaction(async (tx) => {
      const [row] = await tx
        .insert(alertChannels)
        .values({
          name: input.name,
          type: input.type,
          configSealed: sealChannelConfig(config),
          enabled: input.enabled,
          createdBy: actorUserId(opts.actor),
        })
        .returning();
      await writeAudit(
        {
          actor: opts.actor,
          action: 'alert_channel.create',
          entityType: 'alert_channel',
          entityId: row!.id,
          meta: opts.meta,
          summary: `alert channel ${input.name} (${input.type})`,
        },
        tx,
      );
      return toChannelDto(row!);
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', `an alert channel named "${input.name}" already exists`, {
        details: [{ field: 'name', message: 'already used' }],
      });
    throw err;
  }
}
