import { z } from 'zod';
import { hostResourceName, scriptHostResourceDto } from '@/server/host-resources/host-resources.schema';
import { userSchemaAjv } from '@/server/input/json-schema';

/**
 * API shapes for scripts, snake_case because the REST API (whose clients predate us) and tRPC
 * share them. One schema per operation.
 */
export const scriptLanguages = ['python', 'bash'] as const;
export const scriptStatuses = ['draft', 'active', 'disabled', 'archived'] as const;
export const MAX_CONTENT_BYTES = 1024 * 1024;

// Patterns compile with RE2 here too, so a pattern RE2 cannot run is refused when the script is saved.
const ajv = userSchemaAjv();

const tag = z.string().trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters');

export const parametersSchemaField = z
  .record(z.string(), z.unknown())
  .nullable()
  .superRefine((schema, ctx) => {
    if (schema === null) return;
    if (!ajv.validateSchema(schema)) {
      ctx.addIssue({ code: 'custom', message: `is not a valid JSON Schema: ${ajv.errorsText(ajv.errors)}` });
      return;
    }
    try {
      ajv.compile(schema);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `is not a valid JSON Schema: ${(err as Error).message}` });
    }
  });

const contentField = z
  .string()
  .refine((c) => Buffer.byteLength(c, 'utf8') <= MAX_CONTENT_BYTES, `must be at most ${MAX_CONTENT_BYTES} bytes`);

const hostResourceNames = z
  .array(hostResourceName)
  .max(50)
  .transform((n) => [...new Set(n)]);

const scriptFields = {
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  description: z.string().max(5000).default(''),
  category: z.string().trim().max(100).default(''),
  tags: z
    .array(tag)
    .max(30)
    .default([])
    .transform((t) => [...new Set(t)]),
  content: contentField,
  language: z.enum(scriptLanguages, { message: "must be 'python' or 'bash'" }),
  status: z.enum(scriptStatuses).default('draft'),
  timeout: z.number().int().min(1).max(604_800).optional(),
  max_retries: z.number().int().min(0).max(10).default(0),
  retry_backoff: z.enum(['fixed', 'exponential']).default('exponential'),
  retry_delay_seconds: z.number().int().min(0).max(3600).default(5),
  allow_network: z.boolean().default(false),
  /** A run whose worker died (SIGKILL, out of memory, machine lost) is run again on a live worker, up to 2 times. */
  retry_on_worker_loss: z.boolean().default(true),
  max_concurrency: z.number().int().min(1).max(1000).nullable().default(null),
  /** Size of a run's /work and of its /tmp, MB; null = the server's SANDBOX_DISK_MB, which is also the most allowed. */
  disk_mb: z.number().int().min(1, 'must be at least 1 MB').max(1_048_576).nullable().default(null),
  parameters_schema: parametersSchemaField.optional(),
  message: z.string().max(500).optional(),
  /** Host resources the script needs (names; see /api/v1/host-resources/). Granting needs the right to. */
  host_resources: hostResourceNames.optional(),
};

export const createScriptInput = z.object(scriptFields);
export type CreateScriptInput = z.input<typeof createScriptInput>;

export const updateScriptInput = z.object({
  id: z.uuid(),
  patch: z
    .object({
      name: scriptFields.name,
      description: z.string().max(5000),
      category: z.string().trim().max(100),
      tags: z
        .array(tag)
        .max(30)
        .transform((t) => [...new Set(t)]),
      content: contentField,
      language: scriptFields.language,
      status: z.enum(scriptStatuses),
      timeout: z.number().int().min(1).max(604_800),
      max_retries: z.number().int().min(0).max(10),
      retry_backoff: z.enum(['fixed', 'exponential']),
      retry_delay_seconds: z.number().int().min(0).max(3600),
      allow_network: z.boolean(),
      retry_on_worker_loss: z.boolean(),
      max_concurrency: z.number().int().min(1).max(1000).nullable(),
      disk_mb: z.number().int().min(1, 'must be at least 1 MB').max(1_048_576).nullable(),
      parameters_schema: parametersSchemaField,
      message: z.string().max(500),
      host_resources: hostResourceNames,
    })
    .partial(),
});
export type UpdateScriptInput = z.input<typeof updateScriptInput>;

export const listScriptsInput = z.object({
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(20),
  search: z.string().trim().max(200).optional(),
  language: z.enum(scriptLanguages).optional(),
  status: z.enum(scriptStatuses).optional(),
  category: z.string().trim().max(100).optional(),
  tag: z.string().trim().max(50).optional(),
  include_archived: z.coerce.boolean().default(false),
  sort: z.enum(['name', 'updated_at', 'created_at']).default('updated_at'),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type ListScriptsInput = z.input<typeof listScriptsInput>;

export const idInput = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

export const versionRefInput = z.object({ id: z.uuid(), version: z.number().int().min(1) });

export const bulkStatusInput = z.object({
  ids: z.array(z.uuid()).min(1).max(200),
  status: z.enum(scriptStatuses),
});

export const validateContentInput = z.object({ content: contentField, language: z.enum(scriptLanguages) });

export const scriptDto = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  category: z.string(),
  tags: z.array(z.string()),
  language: z.enum(scriptLanguages),
  status: z.enum(scriptStatuses),
  timeout: z.number(),
  max_retries: z.number(),
  retry_backoff: z.enum(['fixed', 'exponential']),
  retry_delay_seconds: z.number(),
  allow_network: z.boolean(),
  retry_on_worker_loss: z.boolean(),
  max_concurrency: z.number().nullable(),
  disk_mb: z.number().nullable(),
  parameters_schema: z.record(z.string(), z.unknown()).nullable(),
  content: z.string(),
  version: z.number(),
  owner_id: z.string().nullable(),
  validation: z.unknown().nullable(),
  last_execution: z.object({ id: z.string(), status: z.string(), queued_at: z.string() }).nullable().optional(),
  /** Declared host resources (single-script answers only; lists leave it out). */
  host_resources: z.array(scriptHostResourceDto).optional(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ScriptDto = z.infer<typeof scriptDto>;
