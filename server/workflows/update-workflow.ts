import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { workflows } from '@/db/schema';
import { actorUserId, type Actor, type RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError, isUniqueViolation } from '@/server/errors/app-error';
import { getCurrentGraph, getWorkflowRow, lastRunOf } from './get-workflow';
import { assertGraphSecretsUsable } from './assert-graph-secrets';
import { sameGraph, saveVersion } from './save-version';
import { collectIssues, invalidWorkflowError } from './validate-workflow';
import { toWorkflowDto } from './workflow-dto';
import { updateWorkflowInput, type UpdateWorkflowInput, type WorkflowDto } from './workflows.schema';
import { changedSummary } from '@/server/audit/changed-summary';

/**
 * Applies a partial change. A graph that differs from the current one makes a new immutable
 * version; metadata-only changes do not. A workflow that is (or becomes) active must validate:
 * otherwise the change is refused with 422 and the issues as details.
 */
export async function updateWorkflow(opts: {
  actor: Actor;
  input: UpdateWorkflowInput;
  meta?: RequestMeta;
  action?: string;
}): Promise<WorkflowDto> {
  assertCan(opts.actor, 'workflow.write');
  const parsed = updateWorkflowInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { id, patch } = parsed.data;
  try {
    return await db().transaction(async (tx) => {
      const current = await getWorkflowRow(id, tx, { forUpdate: true });
      if (patch.base_version !== undefined && patch.base_version !== current.currentVersion) {
        throw new AppError(
          'CONFLICT',
          `the workflow was changed meanwhile: it is at version ${current.currentVersion}, this edit was based on version ${patch.base_version}; reload it`,
          {
            details: [
              {
                field: 'patch.base_version',
                message: `is ${patch.base_version}, current is ${current.currentVersion}`,
              },
            ],
          },
        );
      }
      const currentGraph = await getCurrentGraph(id, current.currentVersion, tx);
      const graphChanged = patch.graph !== undefined && !sameGraph(patch.graph, currentGraph);
      const graph = graphChanged ? patch.graph! : currentGraph;
      const status = patch.status ?? current.status;
      if (status === 'active' && (graphChanged || current.status !== 'active')) {
        const issues = await collectIssues(graph, tx);
        if (issues.length) throw invalidWorkflowError(issues);
      }
      const nextVersion = graphChanged ? current.currentVersion + 1 : current.currentVersion;
      if (graphChanged) {
        await assertGraphSecretsUsable({
          actor: opts.actor,
          workflowId: id,
          workflowName: current.name,
          graph,
          meta: opts.meta,
          tx,
        });
        await saveVersion(tx, {
          workflowId: id,
          version: nextVersion,
          graph,
          message: patch.message ?? '',
          authorId: actorUserId(opts.actor),
        });
      }
      const [row] = await tx
        .update(workflows)
        .set({
          name: patch.name,
          description: patch.description,
          status: patch.status,
          inputSchema: patch.input_schema,
          currentVersion: nextVersion,
          updatedAt: sql`now()`,
        })
        .where(eq(workflows.id, id))
        .returning();
      const changed = Object.keys(patch).filter(
        (k) => k !== 'message' && k !== 'base_version' && (k !== 'graph' || graphChanged),
      );
      await writeAudit(
        {
          actor: opts.actor,
          action: opts.action ?? 'workflow.update',
          entityType: 'workflow',
          entityId: id,
          summary: changedSummary(changed, graphChanged ? nextVersion : null),
          meta: opts.meta,
        },
        tx,
      );
      return toWorkflowDto(row!, graph, await lastRunOf(id, tx));
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', `a workflow named "${patch.name}" already exists`, {
        details: [{ field: 'patch.name', message: 'already exists' }],
      });
    throw err;
  }
}
