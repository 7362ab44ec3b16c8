import type { Role } from './roles.shared';

export { roles, type Role } from './roles.shared';

/** Who is asking: every service call carries one, for permission checks and the audit log. */
export type Actor =
  | { type: 'user'; id: string; email: string; role: Role }
  | { type: 'api_key'; id: string; userId: string; name: string; role: Role }
  | { type: 'system'; reason: string };

export interface RequestMeta {
  ip?: string | null;
  userAgent?: string | null;
}

export const systemActor = (reason: string): Actor => ({ type: 'system', reason });

export function actorUserId(actor: Actor): string | null {
  if (actor.type === 'user') return actor.id;
  if (actor.type === 'api_key') return actor.userId;
  return null;
}

export function actorLabel(actor: Actor): string {
  if (actor.type === 'user') return actor.email;
  if (actor.type === 'api_key') return `api-key:${actor.name}`;
  return `system:${actor.reason}`;
}
