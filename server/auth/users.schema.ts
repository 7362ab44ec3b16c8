import { z } from 'zod';
import { roles } from './actor';
import { passwordSchema } from './passwords';

export const emailSchema = z.string().trim().toLowerCase().email('must be an email address').max(200);

export const setupAdminInput = z.object({
  email: emailSchema,
  name: z.string().trim().max(200).default(''),
  password: passwordSchema,
});
export type SetupAdminInput = z.infer<typeof setupAdminInput>;

export const credentialsInput = z.object({
  email: emailSchema,
  password: z.string().min(1).max(200),
});

export const roleSchema = z.enum(roles);
