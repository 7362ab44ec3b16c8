import { db } from '@/db/client';
import { workflows } from '@/db/schema';
import { actorUserId, type Actor, type RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError, isUniqueViolation } from '@/server/errors/app-error';
import { assertGraphSecretsUsable } from './assert-graph-secrets';
import { saveVersion } from './save-version';
import { collectIssues, invalidWorkflowError } from './validate-workflow';
import { toWorkflowDto } from './workflow-dto';
import { createWorkflowInput, defaultGraph, type CreateWorkflowInput, type WorkflowDto } from './workflows.schema';
import { coded } from '@/server/messages/messages.shared';

/** Creates a workflow with version 1. A draft may be incomplete; an active one must validate. */
export async function createWorkflow(opts: {
  actor: Actor;
  input: CreateWorkflowInput;
  meta?: RequestMeta;
}): Promise<WorkflowDto> {
  assertCan(opts.actor, 'workflow.write');
  const parsed = createWorkflowInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const input = parsed.data;
  const graph = input.graph ?? defaultGraph();
  const authorId = actorUserId(opts.actor);
  try {
    return await db().transaction(async (tx) => {
      if (input.status === 'active') {
        const issues = await collectIssues(graph, tx);
        if (issues.length) throw invalidWorkflowError(issues);
      }
      const [row] = await tx
        .insert(workflows)
        .values({
          name: input.name,
          description: input.description,
          status: input.status,
          currentVersion: 1,
          inputSchema: input.input_schema,
          ownerId: authorId,
        })
        .returning();
      await assertGraphSecretsUsable({
        actor: opts.actor,
        workflowId: row!.id,
        workflowName: input.name,
        graph,
        meta: opts.meta,
        tx,
      });
      await saveVersion(tx, { workflowId: row!.id, version: 1, graph, message: input.message ?? 'created', authorId });
      await writeAudit(
        {
          actor: opts.actor,
          action: 'workflow.create',
          entityType: 'workflow',
          entityId: row!.id,
          summary: coded('audit.workflow_created', { name: input.name, nodes: graph.nodes.length }),
          meta: opts.meta,
        },
        tx,
      );
      return toWorkflowDto(row!, graph);
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', `a workflow named "${input.name}" already exists`, {
        details: [{ field: 'name', message: 'already exists' }],
      });
    throw err;
  }
}
