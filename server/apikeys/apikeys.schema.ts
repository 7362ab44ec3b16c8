import { z } from 'zod';
import { roles } from '@/server/auth/actor';

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100),
  role: z.enum(roles),
  expires_at: z.coerce
    .date()
    .refine((d) => d.getTime() > Date.now(), 'must be in the future')
    .nullable()
    .default(null),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;

export const apiKeyDto = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.enum(roles),
  prefix: z.string(),
  user_email: z.string().nullable(),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  created_at: z.string(),
});
export type ApiKeyDto = z.infer<typeof apiKeyDto>;
