import { inArray } from 'drizzle-orm';
import { db } from '@/db/client';
import { executions, scripts, workflowRuns, workflows } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { isSensitiveName, MASK } from '@/server/executions/sensitive-env.shared';
import { assertSecretRefsUsable, scopeUserById, scopeUserOf } from '@/server/secrets/resolve-secret-refs';
import { hasSecretRef, secretRefNames } from '@/server/secrets/secret-refs';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { executeScript } from '@/server/executions/execute-script';
import { getScriptRow } from '@/server/scripts/get-script';
import { getWorkflowRow } from '@/server/workflows/get-workflow';
import { startWorkflowRun } from '@/server/workflows/start-workflow-run';

export type TargetType = 'script' | 'workflow';
export interface Target {
  type: TargetType;
  id: string;
}

/** The unattended ways a target is started; manual and API runs go through their own services. */
export type UnattendedTrigger = 'schedule' | 'event' | 'webhook';

export interface StartTargetOptions {
  actor: Actor;
  target: Target;
  input: Record<string, unknown>;
  /** The saved environment of a script target (may reference secrets: checked against the owner's scope). */
  environment?: Record<string, string>;
  trigger: UnattendedTrigger;
  /** The schedule id, or the event id (also for webhook deliveries), stored as the run's trigger_ref. */
  triggerRef: string;
  /** Makes a repeated start (a retried tick, a retried delivery) return the first run. */
  idempotencyKey?: string;
  meta?: RequestMeta;
}

export interface StartedRun {
  kind: 'execution' | 'workflow_run';
  id: string;
  status: string;
  created: boolean;
}

/** The one place that starts what a schedule, event or webhook points at. */
export async function startTarget(opts: StartTargetOptions): Promise<StartedRun> {
  switch (opts.target.type) {
    case 'script': {
      const e = await executeScript({
        actor: opts.actor,
        input: {
          id: opts.target.id,
          input_parameters: opts.input,
          environment_vars: opts.environment ?? {},
          idempotency_key: opts.idempotencyKey,
        },
        trigger: opts.trigger,
        triggerRef: opts.triggerRef,
        meta: opts.meta,
      });
      return { kind: 'execution', id: e.id, status: e.status, created: e.created };
    }
    case 'workflow': {
      // Workflow runs take no idempotency key: a schedule tick is deduplicated by fire-schedule's
      // row lock and recorded tick; an event is delivered once per publish.
      const r = await startWorkflowRun({
        actor: opts.actor,
        workflowId: opts.target.id,
        input: opts.input,
        trigger: opts.trigger,
        triggerRef: opts.triggerRef,
        meta: opts.meta,
      });
      return { kind: 'workflow_run', id: r.id, status: r.status, created: true };
    }
  }
}

/** At creation and edit: the target exists and whoever saves may start it. */
export async function assertTargetUsable(actor: Actor, target: Target): Promise<void> {
  switch (target.type) {
    case 'script':
      assertCan(actor, 'script.run');
      try {
        await getScriptRow(target.id);
      } catch (err) {
        if (err instanceof AppError && err.code === 'NOT_FOUND') {
          throw new AppError('UNPROCESSABLE', `target_id: script ${target.id} does not exist`, {
            details: [{ field: 'target_id', message: 'no such script' }],
          });
        }
        throw err;
      }
      return;
    case 'workflow':
      assertCan(actor, 'workflow.run');
      try {
        await getWorkflowRow(target.id);
      } catch (err) {
        if (err instanceof AppError && err.code === 'NOT_FOUND') {
          throw new AppError('UNPROCESSABLE', `target_id: workflow ${target.id} does not exist`, {
            details: [{ field: 'target_id', message: 'no such workflow' }],
          });
        }
        throw err;
      }
      return;
  }
}

/**
 * At save time of a schedule or trigger: its environment applies to a script target only, and each
 * secret it references must be in scope both for whoever saves it and for the owner it will run as
 * (checked again when it fires: the owner may lose access in between). Refusals are audited.
 */
export async function assertTargetEnvironmentUsable(opts: {
  actor: Actor;
  ownerId: string | null;
  target: Target;
  environment: Record<string, string>;
  context: string;
  meta?: RequestMeta;
}): Promise<void> {
  if (Object.keys(opts.environment).length === 0) return;
  if (opts.target.type !== 'script') {
    throw new AppError(
      'VALIDATION_ERROR',
      "environment_vars: only a script target takes an environment (set it on the workflow's script nodes)",
      {
        details: [{ field: 'environment_vars', message: 'only for script targets' }],
      },
    );
  }
  if (secretRefNames(opts.environment).size === 0) return;
  const script = await getScriptRow(opts.target.id);
  const place = { scriptId: script.id, scriptName: script.name, scriptTags: script.tags ?? [], workflowId: null };
  const saver = scopeUserOf(opts.actor);
  await assertSecretRefsUsable(opts.environment, {
    user: saver,
    place,
    actor: opts.actor,
    meta: opts.meta,
    context: opts.context,
  });
  if (opts.ownerId && opts.ownerId !== saver.userId) {
    const owner = (await scopeUserById(opts.ownerId)) ?? {
      role: 'viewer' as const,
      userId: opts.ownerId,
      label: 'its owner',
      gone: true,
    };
    await assertSecretRefsUsable(opts.environment, {
      user: owner,
      place,
      actor: opts.actor,
      meta: opts.meta,
      context: `${opts.context} (as its owner)`,
    });
  }
}

/** A saved environment as lists show it: references as written, literal values of secret-sounding names masked. */
export function displaySavedEnvironment(env: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries((env ?? {}) as Record<string, string>).map(([k, v]) => [
      k,
      isSensitiveName(k) && !hasSecretRef(v) ? MASK : v,
    ]),
  );
}

/** Display names of targets, for lists (a deleted target has none). */
export async function targetNames(targets: Target[]): Promise<Map<string, string>> {
  const scriptIds = [...new Set(targets.filter((t) => t.type === 'script').map((t) => t.id))];
  const names = new Map<string, string>();
  if (scriptIds.length) {
    const rows = await db()
      .select({ id: scripts.id, name: scripts.name, deletedAt: scripts.deletedAt })
      .from(scripts)
      .where(inArray(scripts.id, scriptIds));
    for (const r of rows) if (!r.deletedAt) names.set(`script:${r.id}`, r.name);
  }
  const workflowIds = [...new Set(targets.filter((t) => t.type === 'workflow').map((t) => t.id))];
  if (workflowIds.length) {
    const rows = await db()
      .select({ id: workflows.id, name: workflows.name, deletedAt: workflows.deletedAt })
      .from(workflows)
      .where(inArray(workflows.id, workflowIds));
    for (const r of rows) if (!r.deletedAt) names.set(`workflow:${r.id}`, r.name);
  }
  return names;
}

/** Current status of runs that schedules or triggers started, keyed by run id. */
export async function runStatuses(runs: { kind: StartedRun['kind']; id: string }[]): Promise<Map<string, string>> {
  const ids = [...new Set(runs.filter((r) => r.kind === 'execution').map((r) => r.id))];
  const out = new Map<string, string>();
  if (ids.length) {
    const rows = await db()
      .select({ id: executions.id, status: executions.status })
      .from(executions)
      .where(inArray(executions.id, ids));
    for (const r of rows) out.set(r.id, r.status);
  }
  const runIds = [...new Set(runs.filter((r) => r.kind === 'workflow_run').map((r) => r.id))];
  if (runIds.length) {
    const rows = await db()
      .select({ id: workflowRuns.id, status: workflowRuns.status })
      .from(workflowRuns)
      .where(inArray(workflowRuns.id, runIds));
    for (const r of rows) out.set(r.id, r.status);
  }
  return out;
}
