import { environmentVarsField } from '@/server/executions/executions.schema';
import { z } from 'zod';
import { expressionError, isValidPattern } from './matching';

/** API shapes for event/webhook triggers and events (snake_case: tRPC and REST share them). */
export const targetTypes = ['script', 'workflow'] as const;

const expression = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .superRefine((v, ctx) => {
      const err = expressionError(v);
      if (err) ctx.addIssue({ code: 'custom', message: `is not a valid expression: ${err}` });
    });

export const eventTypeField = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(
    /^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/,
    'must be dot-separated words of letters, digits, _ - or : (e.g. camera.alarm)',
  );

export const eventPatternField = z
  .string()
  .trim()
  .refine(isValidPattern, 'must be an event type, optionally with * wildcards (camera.alarm, camera.*, *)');

export const parameterMappingField = z
  .record(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a parameter name (letters, digits, _)'),
    expression(2000),
  )
  .refine((m) => Object.keys(m).length <= 100, 'at most 100 parameters');

const headerName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{1,100}$/, 'must be an HTTP header name');

const fields = {
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  description: z.string().max(2000, 'must be at most 2000 characters'),
  enabled: z.boolean(),
  event_pattern: eventPatternField.nullable(),
  filter: expression(2000).nullable(),
  target_type: z.enum(targetTypes, { message: "must be 'script' or 'workflow'" }),
  target_id: z.uuid({ message: 'must be a UUID' }),
  parameter_mapping: parameterMappingField.nullable(),
  /** A script target's environment; may hold `{{secret:NAME}}` references (scope-checked on save and at each delivery). */
  environment_vars: environmentVarsField,
  /** true: expose POST /api/v1/hooks/{token} (a token is generated and answered once). */
  webhook_enabled: z.boolean(),
  /** HMAC-SHA256 secret for the raw body; write-only; null = no signature required. */
  webhook_secret: z.string().min(8, 'must be at least 8 characters').max(500).nullable(),
  webhook_signature_header: headerName,
  /**
   * Old senders only: also accept HMAC(secret, raw body) without X-Signature-Timestamp. Such
   * deliveries can be replayed; the default signature covers "{timestamp}.{raw body}".
   */
  webhook_body_only_signature: z.boolean(),
};

export const createTriggerInput = z.object({
  ...fields,
  description: fields.description.default(''),
  enabled: fields.enabled.default(true),
  event_pattern: fields.event_pattern.default(null),
  filter: fields.filter.default(null),
  parameter_mapping: fields.parameter_mapping.default(null),
  environment_vars: fields.environment_vars.default({}),
  webhook_enabled: fields.webhook_enabled.default(false),
  webhook_secret: fields.webhook_secret.default(null),
  webhook_signature_header: fields.webhook_signature_header.default('X-Signature'),
  webhook_body_only_signature: fields.webhook_body_only_signature.default(false),
});
export type CreateTriggerInput = z.input<typeof createTriggerInput>;

export const triggerPatch = z.object(fields).partial();
export const updateTriggerInput = z.object({ id: z.uuid({ message: 'must be a UUID' }), patch: triggerPatch });
export type UpdateTriggerInput = z.input<typeof updateTriggerInput>;

export const triggerIdInput = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

export const listTriggersInput = z.object({
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(50),
  search: z.string().trim().max(200).optional(),
});
export type ListTriggersInput = z.input<typeof listTriggersInput>;

export const triggerDto = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  event_pattern: z.string().nullable(),
  filter: z.string().nullable(),
  target_type: z.enum(targetTypes),
  target_id: z.uuid(),
  target_name: z.string().nullable(),
  parameter_mapping: z.record(z.string(), z.string()).nullable(),
  environment_vars: z.record(z.string(), z.string()),
  owner_id: z.string().nullable(),
  webhook_enabled: z.boolean(),
  /** The token's first characters, to recognise it; the token itself is only answered once. */
  webhook_token_prefix: z.string().nullable(),
  webhook_hmac_enabled: z.boolean(),
  webhook_signature_header: z.string(),
  webhook_body_only_signature: z.boolean(),
  last_fired_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type TriggerDto = z.infer<typeof triggerDto>;

/** Create and token regeneration answer the webhook token once, with its path. */
export const triggerWithTokenDto = triggerDto.extend({
  webhook_token: z.string().nullable(),
  webhook_path: z.string().nullable(),
});
export type TriggerWithTokenDto = z.infer<typeof triggerWithTokenDto>;

/** The "test against a sample payload" box: nothing is stored or started. */
export const testTriggerInput = z.object({
  event_pattern: z.string().trim().max(200).nullable().default(null),
  filter: z.string().max(2000).nullable().default(null),
  parameter_mapping: z.record(z.string(), z.string()).nullable().default(null),
  sample: z.object({
    type: z.string().trim().max(200).default('test'),
    source: z.string().max(200).nullable().default(null),
    payload: z.unknown().default({}),
  }),
});
export type TestTriggerInput = z.input<typeof testTriggerInput>;

export const testTriggerDto = z.object({
  pattern_matched: z.boolean().nullable(),
  pattern_error: z.string().nullable(),
  filter_matched: z.boolean(),
  filter_error: z.string().nullable(),
  input: z.record(z.string(), z.unknown()).nullable(),
  mapping_error: z.string().nullable(),
});
