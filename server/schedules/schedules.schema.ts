import { z } from 'zod';
import { environmentVarsField } from '@/server/executions/executions.schema';
import { checkCronExpression, isValidTimeZone } from './cron';

/** API shapes for schedules (snake_case: tRPC and REST share them). One schema per operation. */
export const targetTypes = ['script', 'workflow'] as const;
export const overlapPolicies = ['skip', 'allow'] as const;

export const cronExpressionField = z
  .string()
  .max(200, 'must be at most 200 characters')
  .transform((v, ctx) => {
    const r = checkCronExpression(v);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.message });
      return z.NEVER;
    }
    return r.expression;
  });

export const timezoneField = z
  .string()
  .trim()
  .refine(isValidTimeZone, { message: 'is not a known IANA time zone (e.g. UTC, Asia/Shanghai, Europe/Paris)' });

const isoDate = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone offset' });

const fields = {
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  description: z.string().max(2000, 'must be at most 2000 characters'),
  target_type: z.enum(targetTypes, { message: "must be 'script' or 'workflow'" }),
  target_id: z.uuid({ message: 'must be a UUID' }),
  cron_expression: cronExpressionField,
  timezone: timezoneField,
  input_parameters: z.record(z.string(), z.unknown()),
  /** A script target's environment; may hold `{{secret:NAME}}` references (scope-checked on save and at each tick). */
  environment_vars: environmentVarsField,
  enabled: z.boolean(),
  start_at: isoDate.nullable(),
  end_at: isoDate.nullable(),
  overlap_policy: z.enum(overlapPolicies, { message: "must be 'skip' or 'allow'" }),
};

function windowCheck(v: { start_at?: string | null; end_at?: string | null }, ctx: z.RefinementCtx) {
  if (v.start_at && v.end_at && Date.parse(v.end_at) <= Date.parse(v.start_at)) {
    ctx.addIssue({ code: 'custom', path: ['end_at'], message: 'must be after start_at' });
  }
}

export const createScheduleInput = z
  .object({
    ...fields,
    description: fields.description.default(''),
    timezone: fields.timezone.default('UTC'),
    input_parameters: fields.input_parameters.default({}),
    environment_vars: fields.environment_vars.default({}),
    enabled: fields.enabled.default(true),
    start_at: fields.start_at.default(null),
    end_at: fields.end_at.default(null),
    overlap_policy: fields.overlap_policy.default('skip'),
  })
  .superRefine(windowCheck);
export type CreateScheduleInput = z.input<typeof createScheduleInput>;

export const schedulePatch = z.object(fields).partial().superRefine(windowCheck);
export const updateScheduleInput = z.object({ id: z.uuid({ message: 'must be a UUID' }), patch: schedulePatch });
export type UpdateScheduleInput = z.input<typeof updateScheduleInput>;

export const scheduleIdInput = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

export const listSchedulesInput = z.object({
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(50),
  target_type: z.enum(targetTypes).optional(),
  target_id: z.uuid().optional(),
  enabled: z.enum(['true', 'false']).optional(),
  search: z.string().trim().max(200).optional(),
});
export type ListSchedulesInput = z.input<typeof listSchedulesInput>;

/** Next fire times for an expression being edited (not yet saved). */
export const previewScheduleInput = z
  .object({
    cron_expression: cronExpressionField,
    timezone: timezoneField.default('UTC'),
    start_at: isoDate.nullable().optional(),
    end_at: isoDate.nullable().optional(),
    count: z.coerce.number().int().min(1).max(50).default(5),
  })
  .superRefine(windowCheck);
export type PreviewScheduleInput = z.input<typeof previewScheduleInput>;

export const previewScheduleDto = z.object({
  cron_expression: z.string(),
  timezone: z.string(),
  next: z.array(z.string()),
});

export const scheduleDto = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  target_type: z.enum(targetTypes),
  target_id: z.uuid(),
  target_name: z.string().nullable(),
  cron_expression: z.string(),
  timezone: z.string(),
  input_parameters: z.record(z.string(), z.unknown()),
  environment_vars: z.record(z.string(), z.string()),
  enabled: z.boolean(),
  start_at: z.string().nullable(),
  end_at: z.string().nullable(),
  overlap_policy: z.enum(overlapPolicies),
  owner_id: z.string().nullable(),
  next_run_at: z.string().nullable(),
  last_fired_at: z.string().nullable(),
  last_execution_id: z.string().nullable(),
  last_run_status: z.string().nullable(),
  last_outcome: z.string().nullable(),
  last_error: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ScheduleDto = z.infer<typeof scheduleDto>;
