import { eq } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { triggers } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { toTriggerDtos } from './trigger-dto';
import type { TriggerDto } from './triggers.schema';

export async function getTriggerRow(id: string, tx: DbOrTx = db(), opts: { forUpdate?: boolean } = {}) {
  const q = tx.select().from(triggers).where(eq(triggers.id, id)).limit(1);
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw AppError.notFound('trigger', id);
  return row;
}

export async function getTrigger(opts: { actor: Actor; id: string }): Promise<TriggerDto> {
  assertCan(opts.actor, 'trigger.read');
  return (await toTriggerDtos([await getTriggerRow(opts.id)]))[0]!;
}
