import { z } from 'zod';
import { MAX_CONTENT_BYTES, scriptLanguages } from '@/server/scripts/scripts.schema';
import { hostResourceKinds, hostResourceModes } from '@/server/host-resources/host-resources.schema';
import { linearPatternError } from '@/server/input/linear-regex';

/**
 * API shapes for script templates (snake_case: tRPC and REST share them). One schema per operation.
 */
export const parameterTypes = ['string', 'number', 'boolean', 'enum', 'secret'] as const;
export type ParameterType = (typeof parameterTypes)[number];
export const templateVisibilities = ['private', 'shared', 'builtin'] as const;
/** What a user may set; `builtin` belongs to the seeding only. */
export const userVisibilities = ['private', 'shared'] as const;
export const MAX_PARAMETERS = 50;
export const MAX_VALUE_CHARS = 65_536;

export const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** A secret parameter's value: the name of the environment variable (and stored secret) to read. */
export const SECRET_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;
/** Names the sandbox owns (same list as executions.schema.ts refuses in environment_vars). */
export const RESERVED_ENV = /^(VSS_|PARAM_|PATH$|HOME$|LANG$|LC_ALL$|PYTHON|LD_|BASH_ENV$)/;

export const parameterValue = z.union([z.string(), z.number(), z.boolean()]);
export type ParameterValue = z.infer<typeof parameterValue>;

const validationRules = z
  .object({
    pattern: z.string().min(1).max(500).optional(),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    options: z.array(z.string().min(1, 'must not be empty').max(500)).max(200).optional(),
  })
  .strict();

export const templateParameter = z
  .object({
    name: z
      .string()
      .regex(PARAMETER_NAME, 'must start with a letter or _ and contain only letters, digits and _ (at most 64)'),
    label: z.string().trim().max(200).default(''),
    type: z.enum(parameterTypes, { message: "must be 'string', 'number', 'boolean', 'enum' or 'secret'" }),
    default: parameterValue.nullable().optional(),
    required: z.boolean().default(false),
    description: z.string().max(2000).default(''),
    validation: validationRules.default({}),
    /**
     * The value is a host path the script acts on: "Use template" then needs a host resource of this
     * kind and mode that covers it (attached to the new script), unless it lies in the sandbox's own
     * /work or /tmp.
     */
    host_resource: z
      .object({ kind: z.enum(hostResourceKinds), mode: z.enum(hostResourceModes) })
      .strict()
      .optional(),
  })
  .superRefine((p, ctx) => {
    const v = p.validation;
    if (p.host_resource && p.type !== 'string')
      ctx.addIssue({ code: 'custom', path: ['host_resource'], message: 'only string parameters name a host path' });
    if (v.pattern !== undefined) {
      if (p.type !== 'string')
        ctx.addIssue({
          code: 'custom',
          path: ['validation', 'pattern'],
          message: 'only string parameters take a pattern',
        });
      const problem = linearPatternError(v.pattern);
      if (problem)
        ctx.addIssue({
          code: 'custom',
          path: ['validation', 'pattern'],
          message: `is not a regular expression the linear-time engine (RE2) accepts: ${problem}`,
        });
    }
    if ((v.min !== undefined || v.max !== undefined) && p.type !== 'string' && p.type !== 'number') {
      ctx.addIssue({
        code: 'custom',
        path: ['validation'],
        message: 'min/max apply to number (value) and string (length) parameters only',
      });
    }
    if (v.min !== undefined && v.max !== undefined && v.min > v.max)
      ctx.addIssue({ code: 'custom', path: ['validation', 'max'], message: 'must not be less than min' });
    if (p.type === 'enum') {
      if (!v.options?.length)
        ctx.addIssue({
          code: 'custom',
          path: ['validation', 'options'],
          message: 'an enum parameter needs at least one option',
        });
      else if (new Set(v.options).size !== v.options.length)
        ctx.addIssue({ code: 'custom', path: ['validation', 'options'], message: 'options must be unique' });
    } else if (v.options !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['validation', 'options'], message: 'only enum parameters take options' });
    }
  });
export type TemplateParameter = z.output<typeof templateParameter>;
export type TemplateParameterInput = z.input<typeof templateParameter>;

export const templateParameters = z
  .array(templateParameter)
  .max(MAX_PARAMETERS, `at most ${MAX_PARAMETERS} parameters`)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((p, i) => {
      if (seen.has(p.name))
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate parameter name "${p.name}"` });
      seen.add(p.name);
    });
  });

const contentField = z
  .string()
  .min(1, 'must not be empty')
  .refine((c) => Buffer.byteLength(c, 'utf8') <= MAX_CONTENT_BYTES, `must be at most ${MAX_CONTENT_BYTES} bytes`)
  .refine((c) => !c.includes('\0'), 'must not contain NUL bytes');

const templateFields = {
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  description: z.string().max(5000).default(''),
  category: z.string().trim().max(100).default(''),
  language: z.enum(scriptLanguages, { message: "must be 'python' or 'bash'" }),
  content: contentField,
  parameters: templateParameters.default([]),
  visibility: z.enum(userVisibilities, { message: "must be 'private' or 'shared'" }).default('private'),
  needs_network: z.boolean().default(false),
};

export const createTemplateInput = z.object(templateFields);
export type CreateTemplateInput = z.input<typeof createTemplateInput>;

export const updateTemplatePatch = z
  .object({
    name: templateFields.name,
    description: z.string().max(5000),
    category: z.string().trim().max(100),
    language: templateFields.language,
    content: contentField,
    parameters: templateParameters,
    visibility: z.enum(userVisibilities, { message: "must be 'private' or 'shared'" }),
    needs_network: z.boolean(),
  })
  .partial();
export const updateTemplateInput = z.object({ id: z.uuid({ message: 'must be a UUID' }), patch: updateTemplatePatch });
export type UpdateTemplateInput = z.input<typeof updateTemplateInput>;

export const templateIdInput = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

export const templateScopes = ['all', 'builtin', 'shared', 'mine'] as const;
export const listTemplatesInput = z.object({
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(50),
  search: z.string().trim().max(200).optional(),
  category: z.string().trim().max(100).optional(),
  language: z.enum(scriptLanguages).optional(),
  /** builtin: shipped with the product; shared: shared by anyone; mine: owned by the caller. */
  scope: z.enum(templateScopes).default('all'),
});
export type ListTemplatesInput = z.input<typeof listTemplatesInput>;

export const parameterValues = z.record(z.string(), parameterValue.nullable()).default({});

export const previewTemplateInput = z.object({
  /** A saved template, or the unsaved fields of one being edited. */
  id: z.uuid({ message: 'must be a UUID' }).optional(),
  draft: z
    .object({ language: templateFields.language, content: contentField, parameters: templateParameters.default([]) })
    .optional(),
  values: parameterValues,
});
export type PreviewTemplateInput = z.input<typeof previewTemplateInput>;

/** Body of POST /api/v1/scripts/templates/{id}/instantiate. */
export const instantiateTemplateBody = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  description: z.string().max(5000).optional(),
  category: z.string().trim().max(100).optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(30).optional(),
  values: parameterValues,
  /** Defaults to the template's needs_network. */
  allow_network: z.boolean().optional(),
  timeout: z.number().int().min(1).max(604_800).optional(),
});
export const instantiateTemplateInput = instantiateTemplateBody.extend({ id: z.uuid({ message: 'must be a UUID' }) });
export type InstantiateTemplateInput = z.input<typeof instantiateTemplateInput>;

export const saveAsTemplateInput = z.object({
  script_id: z.uuid({ message: 'must be a UUID' }),
  name: templateFields.name,
  description: z.string().max(5000).optional(),
  category: z.string().trim().max(100).optional(),
  visibility: templateFields.visibility,
  /** Each literal's occurrences in the script become `{{parameter.name}}`. */
  replacements: z
    .array(z.object({ literal: z.string().min(1, 'must not be empty').max(10_000), parameter: templateParameter }))
    .max(MAX_PARAMETERS),
});
export type SaveAsTemplateInput = z.input<typeof saveAsTemplateInput>;

const parameterDto = z.object({
  name: z.string(),
  label: z.string(),
  type: z.enum(parameterTypes),
  default: parameterValue.nullable().optional(),
  required: z.boolean(),
  description: z.string(),
  validation: z.object({
    pattern: z.string().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    options: z.array(z.string()).optional(),
  }),
  host_resource: z.object({ kind: z.enum(hostResourceKinds), mode: z.enum(hostResourceModes) }).optional(),
});

const builtinTextsDto = z.object({
  name: z.string(),
  description: z.string(),
  category: z.string(),
  parameters: z.record(z.string(), z.object({ label: z.string(), description: z.string() })),
});

export const templateDto = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  category: z.string(),
  language: z.enum(scriptLanguages),
  content: z.string(),
  parameters: z.array(parameterDto),
  visibility: z.enum(templateVisibilities),
  version: z.number().int(),
  needs_network: z.boolean(),
  builtin_key: z.string().nullable(),
  /** Built-ins only: name, description and parameter texts per language ('en', 'zh-CN'); null for others. */
  translations: z.record(z.string(), builtinTextsDto).nullable(),
  usage_count: z.number().int(),
  owner_id: z.string().nullable(),
  /** Whether the caller may edit or delete it (owner or admin; never for built-ins). */
  editable: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type TemplateDto = z.infer<typeof templateDto>;

export const renderIssueDto = z.object({ field: z.string(), message: z.string(), line: z.number().int().optional() });
export const previewDto = z.object({
  content: z.string(),
  /** Environment variables the script reads at run time: provide each as `{{secret:NAME}}`. */
  secrets: z.array(z.string()),
  issues: z.array(renderIssueDto),
});
export type PreviewDto = z.infer<typeof previewDto>;

export const templateFacetsDto = z.object({ categories: z.array(z.string()) });
