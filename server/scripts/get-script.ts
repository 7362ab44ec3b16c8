import { and, eq, isNull } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { scripts } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { toScriptDto } from './script-dto';
import type { ScriptDto } from './scripts.schema';

export async function getScriptRow(id: string, tx: DbOrTx = db(), opts: { forUpdate?: boolean } = {}) {
  const q = tx.select().from(scripts).where(and(eq(scripts.id, id), isNull(scripts.deletedAt))).limit(1);
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw AppError.notFound('script', id);
  return row;
}

export async function getScript(opts: { actor: Actor; id: string; tx?: DbOrTx }): Promise<ScriptDto> {
  assertCan(opts.actor, 'script.read');
  return toScriptDto(await getScriptRow(opts.id, opts.tx));
}
