import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { executions } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { executeScript } from '@/server/executions/execute-script';
import { createTestActor } from '@/server/test/fixtures';
import { endExecution } from '@/worker/workflows/workflow-consumer';
import { activeScript } from '@/server/workflows/tests/workflow-harness';

let admin: Actor;
beforeAll(async () => {
  admin = await createTestActor('admin');
});

/** A running execution, as a worker holds it (no worker runs here: nothing else touches it). */
async function runningExecution() {
  const s = await activeScript(admin, 'true\n');
  const { id } = await executeScript({ actor: admin, input: { id: s.id }, trigger: 'api' });
  const [row] = await db()
    .update(executions)
    .set({ status: 'running', startedAt: new Date() })
    .where(eq(executions.id, id))
    .returning();
  return row!;
}

const finishing = (
  id: string,
) => sql`update executions set status = 'succeeded', finished_at = now(), result = ${JSON.stringify({ it: "isn't lost" })}::jsonb
  where id = ${id} and status = 'running' returning *`;

describe('endExecution', () => {
  it('ends a node execution on its own when its decision cannot be made, and says so once', async () => {
    const row = await runningExecution();
    // A run id that can never be a run: the combined transaction is refused before it starts.
    const linked = { ...row, workflowRunId: 'not-a-run', workflowNodeKey: 'a' };
    const { final, next } = await endExecution(linked, finishing(row.id));
    await next;
    expect(final).toMatchObject({ id: row.id, status: 'succeeded', result: { it: "isn't lost" } });
    const [stored] = await db().select().from(executions).where(eq(executions.id, row.id));
    expect(stored).toMatchObject({ status: 'succeeded', result: { it: "isn't lost" } });
    // Already ended: the statement returns nothing, so the end is reported (and counted) once only.
    expect((await endExecution(linked, finishing(row.id))).final).toBeUndefined();
  });

  it('ends an execution outside any workflow with one statement', async () => {
    const row = await runningExecution();
    const { final } = await endExecution(row, finishing(row.id));
    expect(final).toMatchObject({ id: row.id, status: 'succeeded' });
  });
});
