import { systemActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import type { ExecuteScriptOptions } from '@/server/executions/execute-script';
import type { ScriptDispatch } from '@/server/workflows/engine/types';

/** The id a node's execution is created under: one execution per (run, node, attempt), whoever dispatches it. */
export const nodeIdempotencyKey = (runId: string, nodeKey: string, attempt: number) =>
  `wf:${runId}:${nodeKey}:${attempt}`;

/**
 * A script node runs as a normal execution (trigger 'workflow', linked to the run node), with the
 * node's pinned version, timeout and retry overrides.
 */
export function nodeExecutionOptions(runId: string, d: ScriptDispatch): ExecuteScriptOptions {
  const { node, key } = d;
  if (!node.config.script_id) throw new AppError('VALIDATION_ERROR', 'no script selected');
  return {
    actor: systemActor(`workflow run ${runId}`),
    input: {
      id: node.config.script_id,
      input_parameters: d.params,
      environment_vars: node.config.environment_vars ?? {},
      timeout: node.timeout_seconds ?? undefined,
      idempotency_key: nodeIdempotencyKey(runId, key, d.attempt),
    },
    trigger: 'workflow',
    triggerRef: `workflow:${runId}:${key}`,
    workflowLink: { runId, nodeKey: key },
    overrides: {
      scriptVersion: node.config.script_version ?? undefined,
      maxRetries: node.max_retries ?? undefined,
      retryOnWorkerLoss: node.config.retry_on_worker_loss ?? undefined,
    },
  };
}
