import { db } from '@/db/client';
import { workflowRunNodes, workflowRuns } from '@/db/schema';
import { actorUserId, type Actor, type RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import { logger } from '@/server/log/logger';
import { enqueueWorkflowJob } from '@/server/queue/workflow-queue';
import type { TriggerType } from '@/server/scripts/status-rules';
import { scopeUserById } from '@/server/secrets/resolve-secret-refs';
import { assertGraphSecretsUsable } from './assert-graph-secrets';
import { getVersionRow, getWorkflowRow } from './get-workflow';
import { checkRunInput } from './input-check';
import { assertWorkflowCanRun } from './status-rules';
import { collectIssues, invalidWorkflowError } from './validate-workflow';
import { parseStoredGraph, toRunDto } from './workflow-dto';
import type { WorkflowRunDto } from './workflows.schema';
import { coded } from '@/server/messages/messages.shared';

export interface StartWorkflowRunOptions {
  actor: Actor;
  workflowId: string;
  input?: Record<string, unknown>;
  trigger: TriggerType;
  /** The schedule, event, trigger or caller that started this run. */
  triggerRef?: string | null;
  meta?: RequestMeta;
}

/** The job that starts (or resumes) a run; its id makes a repeated start a no-op while it is queued. */
export const startJobId = (runId: string) => `adv-${runId}-start`;

/**
 * Accepts a run of the workflow's current version: checks the status rule and the input schema,
 * writes the run and one `pending` row per node (the start node `queued`) in one transaction, then
 * enqueues the first advancement. If that enqueue fails the run stays queued and the worker's
 * sweep enqueues it later, so an accepted run is never lost.
 */
export async function startWorkflowRun(opts: StartWorkflowRunOptions): Promise<WorkflowRunDto> {
  assertCan(opts.actor, 'workflow.run');
  const raw = opts.input ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new AppError('VALIDATION_ERROR', 'input: must be an object', {
      details: [{ field: 'input', message: 'must be an object' }],
    });
  }
  const wf = await getWorkflowRow(opts.workflowId);
  assertWorkflowCanRun(wf, opts.trigger);
  const input = checkRunInput(wf.inputSchema, raw, `${wf.id}@${wf.updatedAt.getTime()}`);
  const version = await getVersionRow(wf.id, wf.currentVersion);
  const graph = parseStoredGraph(version.graph);
  // A draft may be run by hand to test it, but only a graph that can actually run.
  const issues = await collectIssues(graph);
  if (issues.length) throw invalidWorkflowError(issues);
  // Secret references of its script nodes, against the version's author (who saved them) as of
  // now: refused here with a 403 naming the secret, before anything runs. Each node is checked
  // again when it starts.
  await assertGraphSecretsUsable({
    actor: opts.actor,
    workflowId: wf.id,
    workflowName: wf.name,
    graph,
    meta: opts.meta,
    tx: db(),
    context: `run (${opts.trigger}) refused`,
    userOf: async () =>
      (await scopeUserById(version.authorId)) ?? {
        role: 'viewer',
        userId: version.authorId,
        label: `the author of version ${version.version}`,
        gone: true,
      },
  });

  const run = await db().transaction(async (tx) => {
    const [row] = await tx
      .insert(workflowRuns)
      .values({
        workflowId: wf.id,
        workflowVersionId: version.id,
        version: version.version,
        status: 'queued',
        input,
        triggerType: opts.trigger,
        triggerRef: opts.triggerRef ?? null,
        actorId: actorUserId(opts.actor),
      })
      .returning();
    await tx.insert(workflowRunNodes).values(
      graph.nodes.map((n) => ({
        runId: row!.id,
        nodeKey: n.key,
        nodeType: n.type,
        status: n.type === 'start' ? ('queued' as const) : ('pending' as const),
      })),
    );
    await writeAudit(
      {
        actor: opts.actor,
        action: 'workflow.run',
        entityType: 'workflow_run',
        entityId: row!.id,
        summary: coded('audit.run_of', {
          trigger_code: `trigger.${opts.trigger}`,
          name: wf.name,
          version: version.version,
        }),
        meta: opts.meta,
      },
      tx,
    );
    return row!;
  });
  try {
    await enqueueWorkflowJob({ kind: 'advance', runId: run.id, nodeKey: null }, { jobId: startJobId(run.id) });
  } catch (err) {
    logger().error({ err, runId: run.id }, 'enqueue of a workflow run failed; the sweep will start it');
  }
  return toRunDto(run, wf.name);
}
