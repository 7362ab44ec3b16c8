import { z } from 'zod';

export const executionStatuses = ['queued', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled'] as const;
export const finalStatuses = ['succeeded', 'failed', 'timed_out', 'cancelled'] as const;
export const triggerTypes = ['manual', 'schedule', 'event', 'webhook', 'api', 'workflow'] as const;
export type ExecutionStatus = (typeof executionStatuses)[number];

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'must be a valid environment variable name');
const RESERVED_ENV = /^(VSS_|PARAM_|PATH$|HOME$|LANG$|LC_ALL$|PYTHON|LD_|BASH_ENV$)/;

/** A run's environment; values may hold `{{secret:NAME}}` references. Also saved on schedules, triggers and workflow nodes. */
export const environmentVarsField = z
  .record(envName, z.string().max(32_768, 'must be at most 32768 characters'))
  .superRefine((vars, ctx) => {
    for (const k of Object.keys(vars)) {
      if (RESERVED_ENV.test(k)) ctx.addIssue({ code: 'custom', path: [k], message: 'is reserved by the sandbox' });
    }
    if (Object.keys(vars).length > 200) ctx.addIssue({ code: 'custom', message: 'at most 200 variables' });
  });

/** Body of POST /api/v1/scripts/{id}/execute, exactly as the original service's clients send it. */
export const executeScriptBody = z.object({
  input_parameters: z.record(z.string(), z.unknown()).default({}),
  environment_vars: environmentVarsField.default({}),
  timeout: z.number().int().min(1).max(604_800).optional(),
  idempotency_key: z.string().min(1).max(200).optional(),
  wait: z.boolean().default(false),
});
export type ExecuteScriptBody = z.input<typeof executeScriptBody>;

export const executeScriptInput = executeScriptBody.extend({ id: z.uuid({ message: 'must be a UUID' }) });
export type ExecuteScriptInput = z.input<typeof executeScriptInput>;

export const listExecutionsInput = z.object({
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(20),
  script_id: z.uuid().optional(),
  status: z.enum(executionStatuses).optional(),
  trigger_type: z.enum(triggerTypes).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  /** Part of the script's name, or the start of the execution id (as the UI shows it). */
  search: z.string().trim().max(200).optional(),
});
export type ListExecutionsInput = z.input<typeof listExecutionsInput>;

export const executionIdInput = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

export const executionLogsInput = z.object({
  id: z.uuid({ message: 'must be a UUID' }),
  after_seq: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
  attempt: z.coerce.number().int().min(1).optional(),
});

export const executionDto = z.object({
  id: z.uuid(),
  script_id: z.string().nullable(),
  script_name: z.string().nullable(),
  script_version: z.number().nullable(),
  trigger_type: z.enum(triggerTypes),
  trigger_ref: z.string().nullable(),
  status: z.enum(executionStatuses),
  input_parameters: z.record(z.string(), z.unknown()),
  environment_vars: z.record(z.string(), z.string()),
  timeout: z.number(),
  attempt: z.number(),
  max_attempts: z.number(),
  exit_code: z.number().nullable(),
  result: z.unknown().nullable(),
  error: z.string().nullable(),
  /** `error` as a message code + parameters (docs/messages.md); null for older runs. */
  error_code: z.string().nullable(),
  error_params: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
  worker_id: z.string().nullable(),
  queued_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  duration_ms: z.number().nullable(),
  cpu_time_ms: z.number().nullable(),
  peak_memory_bytes: z.number().nullable(),
  log_bytes: z.number(),
  log_truncated: z.boolean(),
});
export type ExecutionDto = z.infer<typeof executionDto>;

/** The end of what a run printed, in `wait: true` answers (masked as its stored log is). */
export const outputTailDto = z.object({
  stdout: z.string().describe('The last max_bytes bytes of standard output'),
  stderr: z.string().describe('The last max_bytes bytes of standard error'),
  stdout_truncated: z.boolean().describe('Earlier standard output was left out'),
  stderr_truncated: z.boolean().describe('Earlier standard error was left out'),
  max_bytes: z.number().int().describe('The cap per stream'),
});
export type OutputTailDto = z.infer<typeof outputTailDto>;

export const logLineDto = z.object({
  seq: z.number(),
  attempt: z.number(),
  stream: z.string(),
  at: z.string(),
  text: z.string(),
});
export type LogLineDto = z.infer<typeof logLineDto>;
