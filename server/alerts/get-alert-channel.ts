import { eq } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { alertChannels } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import type { ChannelDto } from './alerts.schema';
import { toChannelDto, type ChannelRow } from './channel-dto';

export async function getAlertChannelRow(
  id: string,
  tx: DbOrTx = db(),
  opts: { forUpdate?: boolean } = {},
): Promise<ChannelRow> {
  const q = tx.select().from(alertChannels).where(eq(alertChannels.id, id)).limit(1);
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw AppError.notFound('alert channel', id);
  return row;
}

export async function getAlertChannel(opts: { actor: Actor; id: string }): Promise<ChannelDto> {
  assertCan(opts.actor, 'alert.read');
  return toChannelDto(await getAlertChannelRow(opts.id));
}
