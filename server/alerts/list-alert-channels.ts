import { asc } from 'drizzle-orm';
import { db } from '@/db/client';
import { alertChannels } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import type { ChannelDto } from './alerts.schema';
import { toChannelDto } from './channel-dto';

/** Every channel, credentials left out (an installation has a handful: no paging). */
export async function listAlertChannels(opts: { actor: Actor }): Promise<{ items: ChannelDto[] }> {
  assertCan(opts.actor, 'alert.read');
  const rows = await db().select().from(alertChannels).orderBy(asc(alertChannels.name));
  return { items: rows.map(toChannelDto) };
}
