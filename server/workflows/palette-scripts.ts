import { and, asc, isNull, ne, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { scripts } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import type { PaletteScriptDto } from './workflows.schema';

/** Every live, non-archived script with what the designer needs to place and map it. */
export async function listPaletteScripts(opts: { actor: Actor }): Promise<PaletteScriptDto[]> {
  assertCan(opts.actor, 'workflow.read');
  const rows = await db()
    .select({
      id: scripts.id,
      name: scripts.name,
      language: scripts.language,
      status: scripts.status,
      version: scripts.currentVersion,
      schema: scripts.parametersSchema,
    })
    .from(scripts)
    .where(and(isNull(scripts.deletedAt), ne(scripts.status, 'archived')))
    .orderBy(asc(sql`lower(${scripts.name})`), asc(scripts.name))
    .limit(2000);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    language: r.language,
    status: r.status,
    version: r.version,
    parameters_schema: (r.schema as Record<string, unknown> | null) ?? null,
  }));
}
