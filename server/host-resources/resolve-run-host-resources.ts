import { coded, type CodedMessage } from '@/server/messages/messages.shared';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { hostResources, scriptHostResources } from '@/db/schema';
import { hostPathProblem } from './host-path-policy';
import type { HostResourceKind, HostResourceMode } from './host-resources.schema';
import { protectedDirs } from './protected-dirs';

export interface RunHostResource {
  name: string;
  path: string;
  kind: HostResourceKind;
  mode: HostResourceMode;
}

export type RunHostResources = { ok: true; resources: RunHostResource[] } | { ok: false; error: CodedMessage };

/**
 * What a run of this script may bind, read when the run starts (never cached: a grant removed or
 * suspended a second ago is not bound). A declared resource that is suspended, or whose path the
 * policy now refuses, fails the run before it starts, with a message saying which and why.
 */
export async function resolveRunHostResources(scriptId: string): Promise<RunHostResources> {
  const rows = await db()
    .select({
      name: hostResources.name,
      path: hostResources.path,
      kind: hostResources.kind,
      mode: hostResources.mode,
      state: scriptHostResources.state,
      reason: scriptHostResources.reason,
    })
    .from(scriptHostResources)
    .innerJoin(hostResources, eq(hostResources.id, scriptHostResources.resourceId))
    .where(eq(scriptHostResources.scriptId, scriptId));
  if (!rows.length) return { ok: true, resources: [] };
  const suspended = rows.find((r) => r.state !== 'granted');
  if (suspended) {
    return {
      ok: false,
      error: suspended.reason
        ? coded('execution.host_resource_not_granted', { name: suspended.name, detail: suspended.reason })
        : coded('execution.host_resource_suspended', { name: suspended.name }),
    };
  }
  const dirs = await protectedDirs();
  for (const r of rows) {
    const problem = hostPathProblem(r.path, r.kind, dirs);
    if (problem) {
      return {
        ok: false,
        error: coded('execution.host_resource_refused', { name: r.name, path: r.path, detail: problem }),
      };
    }
  }
  return { ok: true, resources: rows.map(({ name, path, kind, mode }) => ({ name, path, kind, mode })) };
}
