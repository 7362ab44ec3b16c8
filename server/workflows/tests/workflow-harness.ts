import { and, count, eq } from 'drizzle-orm';
import { setTimeout as sleep } from 'node:timers/promises';
import { db } from '@/db/client';
import { executions } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { createScript } from '@/server/scripts/create-script';
import type { CreateScriptInput } from '@/server/scripts/scripts.schema';
import { uniqueName } from '@/server/test/fixtures';
import { createWorkflow } from '../create-workflow';
import { getWorkflowRun } from '../get-run';
import { isFinalRunStatus } from '../cancel-run';
import type {
  ConditionSpec,
  ParameterMapping,
  WorkflowEdge,
  WorkflowGraphInput,
  WorkflowNodeInput,
} from '../workflows.schema';

export async function activeScript(
  actor: Actor,
  content: string,
  language: 'python' | 'bash' = 'bash',
  extra: Partial<CreateScriptInput> = {},
) {
  return createScript({
    actor,
    input: { name: uniqueName('wf-script'), content, language, status: 'active', ...extra },
  });
}

export const n = {
  start: (key = 'start'): WorkflowNodeInput => ({ key, type: 'start' }),
  end: (key = 'end'): WorkflowNodeInput => ({ key, type: 'end' }),
  parallel: (key: string): WorkflowNodeInput => ({ key, type: 'parallel' }),
  join: (key: string, mode: 'all' | 'first' = 'all'): WorkflowNodeInput => ({ key, type: 'join', config: { mode } }),
  delay: (key: string, seconds: number): WorkflowNodeInput => ({ key, type: 'delay', config: { seconds } }),
  condition: (key: string, condition: ConditionSpec, extra: Partial<WorkflowNodeInput> = {}): WorkflowNodeInput =>
    ({ key, type: 'condition', config: { condition }, ...extra }) as WorkflowNodeInput,
  script: (
    key: string,
    scriptId: string,
    parameters: Record<string, ParameterMapping> = {},
    extra: Partial<WorkflowNodeInput> = {},
  ): WorkflowNodeInput =>
    ({ key, type: 'script', config: { script_id: scriptId, parameters }, ...extra }) as WorkflowNodeInput,
};

let edgeSeq = 0;
export function e(source: string, target: string, label: WorkflowEdge['label'] = null): WorkflowEdge {
  return { id: `e${++edgeSeq}-${source}-${target}`, source, target, label };
}

/** source → a → b → ... → target as edges. */
export function chain(...keys: string[]): WorkflowEdge[] {
  return keys.slice(1).map((k, i) => e(keys[i]!, k));
}

export const lit = (value: unknown): ParameterMapping => ({ mode: 'literal', value });
export const expr = (expression: string): ParameterMapping => ({ mode: 'expression', expression });

export async function workflowOf(
  actor: Actor,
  graph: WorkflowGraphInput,
  extra: { status?: 'draft' | 'active'; input_schema?: Record<string, unknown> } = {},
) {
  return createWorkflow({
    actor,
    input: {
      name: uniqueName('wf'),
      graph,
      status: extra.status ?? 'active',
      input_schema: extra.input_schema ?? null,
    },
  });
}

export async function waitForRun(
  actor: Actor,
  id: string,
  predicate: (r: Awaited<ReturnType<typeof getWorkflowRun>>) => boolean = (r) => isFinalRunStatus(r.status),
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await getWorkflowRun({ actor, id });
    if (predicate(r)) return r;
    if (Date.now() > deadline)
      throw new Error(
        `workflow run ${id} still ${r.status} after ${timeoutMs} ms: ${JSON.stringify(r.nodes.map((x) => [x.node_key, x.status]))}`,
      );
    await sleep(100);
  }
}

export function nodeOf(run: Awaited<ReturnType<typeof getWorkflowRun>>, key: string) {
  const node = run.nodes.find((x) => x.node_key === key);
  if (!node) throw new Error(`no node ${key} in run ${run.id}`);
  return node;
}

export async function executionsOf(runId: string, nodeKey?: string) {
  const where = nodeKey
    ? and(eq(executions.workflowRunId, runId), eq(executions.workflowNodeKey, nodeKey))
    : eq(executions.workflowRunId, runId);
  return db().select().from(executions).where(where);
}

export async function executionCount(runId: string, nodeKey: string): Promise<number> {
  const [r] = await db()
    .select({ n: count() })
    .from(executions)
    .where(and(eq(executions.workflowRunId, runId), eq(executions.workflowNodeKey, nodeKey)));
  return r?.n ?? 0;
}
