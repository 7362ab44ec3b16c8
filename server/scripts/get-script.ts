import { sql } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { executePrepared } from '@/db/prepared';
import { rowOf } from '@/db/row-of';
import { scripts } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { scriptHostResourceItems } from '@/server/host-resources/list-script-host-resources';
import { toScriptDto } from './script-dto';
import type { ScriptDto } from './scripts.schema';

/** Every run reads its script first: a plain statement (see db/row-of.ts). */
export async function getScriptRow(id: string, tx: DbOrTx = db(), opts: { forUpdate?: boolean } = {}) {
  const lock = opts.forUpdate ? sql`for update` : sql``;
  const { rows } = await executePrepared(
    tx,
    sql`select * from scripts where id = ${id} and deleted_at is null limit 1 ${lock}`,
  );
  if (!rows[0]) throw AppError.notFound('script', id);
  return rowOf(scripts, rows[0]);
}

export async function getScript(opts: { actor: Actor; id: string; tx?: DbOrTx }): Promise<ScriptDto> {
  assertCan(opts.actor, 'script.read');
  const row = await getScriptRow(opts.id, opts.tx);
  return { ...toScriptDto(row), host_resources: await scriptHostResourceItems(row.id, opts.tx) };
}
