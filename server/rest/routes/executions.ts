import { z } from 'zod';
import { eventStreamHeaders } from '@/server/infra/event-stream-headers';
import {
  executeScriptBody,
  executionDto,
  executionIdInput,
  executionLogsInput,
  listExecutionsInput,
  logLineDto,
  outputTailDto,
} from '@/server/executions/executions.schema';
import { idInput } from '@/server/scripts/scripts.schema';
import { executeScript } from '@/server/executions/execute-script';
import { listExecutions } from '@/server/executions/list-executions';
import { getExecution, getExecutionLogs } from '@/server/executions/get-execution';
import { cancelExecution } from '@/server/executions/cancel-execution';
import { streamExecution } from '@/server/executions/stream-execution';
import { defineRoute } from '../rest-route';
import { pageOf } from './page-of';

const executionParams = z.object({ execution_id: executionIdInput.shape.id });
const executeResponse = executionDto.extend({
  execution_id: z.uuid(),
  created: z.boolean(),
  output: outputTailDto.optional().describe('With wait=true: the end of what the run printed (secret values masked)'),
});
const attemptDto = z.object({
  attempt: z.number(),
  status: z.string(),
  exit_code: z.number().nullable(),
  error: z.string().nullable(),
  error_code: z.string().nullable(),
  error_params: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  duration_ms: z.number().nullable(),
  cause: z.string().nullable(),
  reason: z.enum(['first', 'retry', 'worker_lost']),
});
const logsQuery = executionLogsInput
  .omit({ id: true })
  .extend({ follow: z.enum(['true', 'false', '1', '0']).optional() });

export const executionRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/scripts/executions/',
    summary: 'List executions of all scripts',
    tag: 'executions',
    permission: 'execution.read',
    query: listExecutionsInput,
    response: pageOf(executionDto),
    handler: ({ actor, query }) => listExecutions({ actor, input: query }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/scripts/executions/{execution_id}',
    summary: 'Get an execution (status, timings, exit code, result, error, attempts)',
    tag: 'executions',
    permission: 'execution.read',
    params: executionParams,
    response: executionDto.extend({ attempts: z.array(attemptDto) }),
    handler: ({ actor, params }) => getExecution({ actor, id: params.execution_id }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/scripts/executions/{execution_id}/logs',
    summary: 'Log lines after a sequence number; follow=true streams them as server-sent events until the run ends',
    tag: 'executions',
    permission: 'execution.read',
    params: executionParams,
    query: logsQuery,
    response: z.object({ lines: z.array(logLineDto), next_seq: z.number(), status: z.string() }),
    streams: true,
    handler: async ({ actor, params, query, signal }) => {
      if (query.follow === 'true' || query.follow === '1') {
        const stream = await streamExecution({ actor, id: params.execution_id, afterSeq: query.after_seq, signal });
        return new Response(stream, { headers: eventStreamHeaders });
      }
      return getExecutionLogs({
        actor,
        input: { id: params.execution_id, after_seq: query.after_seq, limit: query.limit, attempt: query.attempt },
      });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/scripts/executions/{execution_id}/cancel',
    summary: 'Cancel a queued or running execution',
    tag: 'executions',
    permission: 'execution.cancel',
    params: executionParams,
    response: z.object({ id: z.uuid(), status: z.string() }),
    handler: ({ actor, params, meta }) => cancelExecution({ actor, id: params.execution_id, meta }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/scripts/{id}/execute',
    summary:
      'Start a run; with wait=true, answer when it has finished (bounded wait), with the last 64 KB of its stdout and stderr',
    tag: 'executions',
    permission: 'script.run',
    params: idInput,
    body: executeScriptBody,
    response: executeResponse,
    status: 202,
    handler: async ({ actor, params, body, meta }) => {
      const e = await executeScript({ actor, input: { ...body, id: params.id }, trigger: 'api', meta });
      return { ...e, execution_id: e.id };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/scripts/{id}/executions',
    summary: "List one script's executions",
    tag: 'executions',
    permission: 'execution.read',
    params: idInput,
    query: listExecutionsInput.omit({ script_id: true }),
    response: pageOf(executionDto),
    handler: ({ actor, params, query }) => listExecutions({ actor, input: { ...query, script_id: params.id } }),
  }),
];
