import { and, desc, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { scriptVersions, users } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { getScriptRow } from './get-script';
import { updateScript } from './update-script';
import type { ScriptDto } from './scripts.schema';

export interface ScriptVersionDto {
  version: number;
  message: string;
  author: string | null;
  created_at: string;
  content?: string;
}

export async function listScriptVersions(opts: { actor: Actor; id: string }): Promise<ScriptVersionDto[]> {
  assertCan(opts.actor, 'script.read');
  await getScriptRow(opts.id);
  const rows = await db()
    .select({
      version: scriptVersions.version,
      message: scriptVersions.message,
      createdAt: scriptVersions.createdAt,
      author: users.email,
    })
    .from(scriptVersions)
    .leftJoin(users, eq(users.id, scriptVersions.authorId))
    .where(eq(scriptVersions.scriptId, opts.id))
    .orderBy(desc(scriptVersions.version));
  return rows.map((r) => ({
    version: r.version,
    message: r.message,
    author: r.author,
    created_at: r.createdAt.toISOString(),
  }));
}

export async function getScriptVersion(opts: {
  actor: Actor;
  id: string;
  version: number;
}): Promise<ScriptVersionDto & { content: string }> {
  assertCan(opts.actor, 'script.read');
  const [row] = await db()
    .select({
      version: scriptVersions.version,
      message: scriptVersions.message,
      createdAt: scriptVersions.createdAt,
      content: scriptVersions.content,
      author: users.email,
    })
    .from(scriptVersions)
    .leftJoin(users, eq(users.id, scriptVersions.authorId))
    .where(and(eq(scriptVersions.scriptId, opts.id), eq(scriptVersions.version, opts.version)))
    .limit(1);
  if (!row) throw AppError.notFound('script version', `${opts.id}@${opts.version}`);
  return {
    version: row.version,
    message: row.message,
    author: row.author,
    created_at: row.createdAt.toISOString(),
    content: row.content,
  };
}

/** Restoring makes a new version with the old content; the history keeps every step. */
export async function restoreScriptVersion(opts: {
  actor: Actor;
  id: string;
  version: number;
  meta?: RequestMeta;
}): Promise<ScriptDto> {
  const old = await getScriptVersion(opts);
  return updateScript({
    actor: opts.actor,
    input: { id: opts.id, patch: { content: old.content, message: `restored version ${opts.version}` } },
    meta: opts.meta,
    action: 'script.restore',
  });
}
