import { eq } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { hostResources } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { toHostResourceDtos } from './host-resource-dto';
import type { HostResourceDto } from './host-resources.schema';

export async function getHostResourceRow(id: string, tx: DbOrTx = db(), { forUpdate = false } = {}) {
  const q = tx.select().from(hostResources).where(eq(hostResources.id, id)).limit(1);
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw AppError.notFound('host resource', id);
  return row;
}

export async function getHostResource(opts: { actor: Actor; id: string }): Promise<HostResourceDto> {
  assertCan(opts.actor, 'hostresource.read');
  const row = await getHostResourceRow(opts.id);
  return (await toHostResourceDtos(db(), opts.actor, [row]))[0]!;
}
