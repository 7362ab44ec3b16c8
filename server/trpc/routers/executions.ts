import { allowed, router } from '../init';
import {
  executeScriptInput,
  executionIdInput,
  executionLogsInput,
  listExecutionsInput,
} from '@/server/executions/executions.schema';
import { executeScript } from '@/server/executions/execute-script';
import { getExecution, getExecutionLogs } from '@/server/executions/get-execution';
import { listExecutions } from '@/server/executions/list-executions';
import { cancelExecution } from '@/server/executions/cancel-execution';
import { rerunExecution } from '@/server/executions/rerun-execution';
import { listWorkers } from '@/server/queue/workers-registry';

export const executionsRouter = router({
  execute: allowed('script.run')
    .input(executeScriptInput)
    .mutation(({ ctx, input }) => executeScript({ actor: ctx.actor, input, trigger: 'manual', meta: ctx.meta })),
  list: allowed('execution.read')
    .input(listExecutionsInput)
    .query(({ ctx, input }) => listExecutions({ actor: ctx.actor, input })),
  get: allowed('execution.read')
    .input(executionIdInput)
    .query(({ ctx, input }) => getExecution({ actor: ctx.actor, id: input.id })),
  logs: allowed('execution.read')
    .input(executionLogsInput)
    .query(({ ctx, input }) => getExecutionLogs({ actor: ctx.actor, input })),
  cancel: allowed('execution.cancel')
    .input(executionIdInput)
    .mutation(({ ctx, input }) => cancelExecution({ actor: ctx.actor, id: input.id, meta: ctx.meta })),
  rerun: allowed('script.run')
    .input(executionIdInput)
    .mutation(({ ctx, input }) => rerunExecution({ actor: ctx.actor, id: input.id, meta: ctx.meta })),
  workers: allowed('worker.read').query(() => listWorkers()),
});
