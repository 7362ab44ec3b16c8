import { and, desc, eq, inArray, lt, ne } from 'drizzle-orm';
import { db } from '@/db/client';
import { executionLogs, executions, scripts, workflowRuns, workflows } from '@/db/schema';
import type { AlertFacts } from './render-alert';
import type { EndedRun } from './match-rules';

export interface LoadedRun {
  run: EndedRun;
  /** The facts every message about it starts from (event, rule and suppressed are added per rule). */
  facts: Omit<AlertFacts, 'event' | 'rule'>;
  /** Whether the previous final run of the same script or workflow failed or timed out. */
  previousFailed(): Promise<boolean>;
  /** The last lines it wrote (already masked when stored); read only when a message is made. */
  outputTail(): Promise<string | null>;
}

const TAIL_LINES = 20;
const TAIL_CHARS = 1500;

async function executionTail(id: string): Promise<string | null> {
  const rows = await db()
    .select({ text: executionLogs.text })
    .from(executionLogs)
    .where(eq(executionLogs.executionId, id))
    .orderBy(desc(executionLogs.seq))
    .limit(TAIL_LINES);
  if (!rows.length) return null;
  const text = rows
    .reverse()
    .map((r) => r.text)
    .join('')
    .replace(/\s+$/, '');
  const lines = text.split('\n').slice(-TAIL_LINES).join('\n');
  return lines.length > TAIL_CHARS ? `…${lines.slice(-TAIL_CHARS)}` : lines;
}

/** A final execution or workflow run with what rules and messages need; null when not final. */
export async function loadEndedRun(subject: 'execution' | 'workflow_run', id: string): Promise<LoadedRun | null> {
  if (subject === 'execution') {
    const [r] = await db()
      .select({ e: executions, name: scripts.name, tags: scripts.tags })
      .from(executions)
      .innerJoin(scripts, eq(scripts.id, executions.scriptId))
      .where(eq(executions.id, id))
      .limit(1);
    if (!r || !['succeeded', 'failed', 'timed_out', 'cancelled'].includes(r.e.status)) return null;
    const e = r.e;
    let tail: Promise<string | null> | undefined;
    return {
      run: { subject: { kind: 'script', id: e.scriptId!, tags: r.tags }, status: e.status, durationMs: e.durationMs },
      facts: {
        subject: { kind: 'script', id: e.scriptId!, name: r.name },
        run: {
          kind: 'execution',
          id: e.id,
          status: e.status,
          attempt: e.attempt,
          max_attempts: e.maxAttempts,
          duration_ms: e.durationMs,
          trigger_type: e.triggerType,
          finished_at: e.finishedAt?.toISOString() ?? null,
          error: e.error,
        },
        output_tail: null,
        path: `/executions/${e.id}`,
      },
      async previousFailed() {
        const [prev] = await db()
          .select({ status: executions.status })
          .from(executions)
          .where(
            and(
              eq(executions.scriptId, e.scriptId!),
              inArray(executions.status, ['succeeded', 'failed', 'timed_out']),
              lt(executions.queuedAt, e.queuedAt),
              ne(executions.id, e.id),
            ),
          )
          .orderBy(desc(executions.queuedAt))
          .limit(1);
        return prev?.status === 'failed' || prev?.status === 'timed_out';
      },
      outputTail: () => (tail ??= executionTail(e.id)),
    };
  }
  const [r] = await db()
    .select({ w: workflowRuns, name: workflows.name })
    .from(workflowRuns)
    .innerJoin(workflows, eq(workflows.id, workflowRuns.workflowId))
    .where(eq(workflowRuns.id, id))
    .limit(1);
  if (!r || !['succeeded', 'failed', 'cancelled'].includes(r.w.status)) return null;
  const w = r.w;
  return {
    run: { subject: { kind: 'workflow', id: w.workflowId, tags: [] }, status: w.status, durationMs: w.durationMs },
    facts: {
      subject: { kind: 'workflow', id: w.workflowId, name: r.name },
      run: {
        kind: 'workflow_run',
        id: w.id,
        status: w.status,
        attempt: 1,
        max_attempts: null,
        duration_ms: w.durationMs,
        trigger_type: w.triggerType,
        finished_at: w.finishedAt?.toISOString() ?? null,
        error: w.error,
      },
      output_tail: null,
      path: `/workflows/runs/${w.id}`,
    },
    async previousFailed() {
      const [prev] = await db()
        .select({ status: workflowRuns.status })
        .from(workflowRuns)
        .where(
          and(
            eq(workflowRuns.workflowId, w.workflowId),
            inArray(workflowRuns.status, ['succeeded', 'failed']),
            lt(workflowRuns.createdAt, w.createdAt),
            ne(workflowRuns.id, w.id),
          ),
        )
        .orderBy(desc(workflowRuns.createdAt))
        .limit(1);
      return prev?.status === 'failed';
    },
    outputTail: async () => null,
  };
}
