import { asc } from 'drizzle-orm';
import { db } from '@/db/client';
import { hostResources } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { toHostResourceDtos } from './host-resource-dto';
import type { HostResourceDto } from './host-resources.schema';

/** Every host resource with the scripts that use it (an installation has a handful: no paging). */
export async function listHostResources(opts: { actor: Actor }): Promise<{ items: HostResourceDto[] }> {
  assertCan(opts.actor, 'hostresource.read');
  const rows = await db().select().from(hostResources).orderBy(asc(hostResources.name));
  return { items: await toHostResourceDtos(db(), opts.actor, rows) };
}
