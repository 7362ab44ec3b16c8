import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { scripts } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertSecretRefsUsable, scopeUserOf } from '@/server/secrets/resolve-secret-refs';
import type { ScopeUser } from '@/server/secrets/secret-scope';
import { secretRefNames } from '@/server/secrets/secret-refs';
import type { WorkflowGraph } from './workflows.schema';

/**
 * At save time of a graph: every `{{secret:NAME}}` a script node's environment references must be
 * in scope for whoever saves it (who becomes the version's author: the node's runs are checked
 * against the author again when they start), in that node's script and this workflow.
 */
export async function assertGraphSecretsUsable(opts: {
  actor: Actor;
  workflowId: string;
  workflowName: string;
  graph: WorkflowGraph;
  meta?: RequestMeta;
  tx: DbOrTx;
  /** Whose access decides, when not the actor (the version's author when a run starts); read only when a node references a secret. */
  userOf?: () => Promise<ScopeUser>;
  context?: string;
}): Promise<void> {
  const nodes = opts.graph.nodes.flatMap((n, i) =>
    n.type === 'script' && secretRefNames(n.config.environment_vars).size > 0 ? [{ n, i }] : [],
  );
  if (!nodes.length) return;
  const ids = [...new Set(nodes.map(({ n }) => n.config.script_id).filter((x): x is string => !!x))];
  const rows = ids.length
    ? await opts.tx
        .select({ id: scripts.id, name: scripts.name, tags: scripts.tags })
        .from(scripts)
        .where(inArray(scripts.id, ids))
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const user = opts.userOf ? await opts.userOf() : scopeUserOf(opts.actor);
  for (const { n, i } of nodes) {
    const script = n.config.script_id ? byId.get(n.config.script_id) : undefined;
    await assertSecretRefsUsable(
      n.config.environment_vars,
      {
        user,
        place: {
          scriptId: script?.id ?? '',
          scriptName: script?.name ?? '(no script selected)',
          scriptTags: script?.tags ?? [],
          workflowId: opts.workflowId,
        },
        actor: opts.actor,
        meta: opts.meta,
        context: `workflow "${opts.workflowName}" node ${n.key} ${opts.context ?? 'saved'}`,
        field: `graph.nodes.${i}.config.environment_vars`,
      },
      opts.tx,
    );
  }
}
