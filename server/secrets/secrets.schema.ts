import { z } from 'zod';
import { MIN_SECRET_LENGTH } from './secret-masker';
import { secretScope } from './secret-scope';

/** API shapes for secrets (snake_case: tRPC and REST share them). Values are write-only. */
export const secretName = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'must be UPPER_SNAKE_CASE, at most 64 characters');

export const upsertSecretInput = z.object({
  name: secretName,
  // Shorter values could not be masked in logs without masking everything (secret-masker.ts).
  value: z
    .string()
    .min(1, { message: 'must not be empty', abort: true })
    .min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters, or it could not be masked in logs`)
    .max(32_768),
  description: z.string().max(500).default(''),
  /** Absent: a new secret gets none (admins only), an existing one keeps its scope. */
  scope: secretScope.nullable().optional(),
});
export const secretScopeBody = z.object({ scope: secretScope.nullable() });
export const setSecretScopeInput = secretScopeBody.extend({ id: z.uuid({ message: 'must be a UUID' }) });
export const secretIdInput = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

export const secretScopeDto = z.object({
  roles: z.array(z.string()),
  user_ids: z.array(z.string()),
  any_where: z.boolean(),
  script_ids: z.array(z.string()),
  workflow_ids: z.array(z.string()),
  tags: z.array(z.string()),
});
export const secretDto = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  /** Null: no scope yet, usable by admins only. */
  scope: secretScopeDto.nullable(),
  created_by: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type SecretDto = z.infer<typeof secretDto>;

const named = z.object({ id: z.string(), name: z.string() });
/** Where a secret is referenced as `{{secret:NAME}}`. */
export const secretUsageDto = z.object({
  id: z.uuid(),
  name: z.string(),
  /** Scripts whose current content or description mentions it (templates write the reference there). */
  scripts: z.array(named),
  /** Workflows whose current version has a script node referencing it. */
  workflows: z.array(named),
  schedules: z.array(named),
  triggers: z.array(named),
});
export type SecretUsageDto = z.infer<typeof secretUsageDto>;
