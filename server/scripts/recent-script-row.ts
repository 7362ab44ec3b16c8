import type { DbOrTx } from '@/db/client';
import { getScriptRow } from './get-script';

type ScriptRow = Awaited<ReturnType<typeof getScriptRow>>;

/** Long enough for bursts and workflow chains, short enough that memory never holds many. */
const TTL_MS = 2_000;
const MAX_ENTRIES = 1_000;
const recent = new Map<string, { at: number; row: ScriptRow }>();

/**
 * The script row for the run path, from a short-lived per-process cache when it was read moments
 * ago. Only for callers that re-check in their own write that the row is still current (the accept
 * does, with its insert: see execute-script.ts), so a stale entry can cost a retry, never a run of
 * a changed script.
 */
export async function recentScriptRow(id: string, q: DbOrTx): Promise<{ row: ScriptRow; cached: boolean }> {
  const hit = recent.get(id);
  if (hit && Date.now() - hit.at < TTL_MS) return { row: hit.row, cached: true };
  return { row: await freshScriptRow(id, q), cached: false };
}

export async function freshScriptRow(id: string, q: DbOrTx): Promise<ScriptRow> {
  recent.delete(id);
  const row = await getScriptRow(id, q);
  if (recent.size >= MAX_ENTRIES) recent.clear();
  recent.set(id, { at: Date.now(), row });
  return row;
}
