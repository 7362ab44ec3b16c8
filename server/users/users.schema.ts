import { z } from 'zod';
import { passwordSchema } from '@/server/auth/passwords';
import { emailSchema, roleSchema } from '@/server/auth/users.schema';

export const createUserInput = z.object({
  email: emailSchema,
  name: z.string().trim().max(200).default(''),
  role: roleSchema,
  password: passwordSchema,
});
export const updateUserInput = z.object({
  id: z.uuid(),
  patch: z.object({ name: z.string().trim().max(200), role: roleSchema, disabled: z.boolean() }).partial(),
});
export const resetPasswordInput = z.object({ id: z.uuid(), password: passwordSchema });

export interface RecentFailures {
  count: number;
  last_at: string;
  last_ip: string | null;
  addresses: number;
}
export interface UserDto {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  locked: boolean;
  last_login_at: string | null;
  created_at: string;
  /** Failed and throttled sign-ins of the last 24 hours (from the audit log); null when none. */
  recent_failures?: RecentFailures | null;
}
