import { z } from 'zod';
import { roles, type Role } from '@/server/auth/actor';

/**
 * Who may use a secret and where. A secret with no scope (null: created before scopes existed, or
 * saved without one) is usable by admins only, anywhere, until one is given.
 *
 * - who: the caller's role is in `roles`, or its user is in `user_ids` (an API key counts as its
 *   role and its owner). Admins always pass "who": they can change the scope anyway.
 * - where: `any_where`, or the script is in `script_ids`, or the run is a node of a workflow in
 *   `workflow_ids`, or the script carries one of `tags`. This applies to admins too.
 */
export const secretScope = z
  .object({
    roles: z.array(z.enum(roles)).max(roles.length).default([]),
    user_ids: z
      .array(z.uuid({ message: 'must be a UUID' }))
      .max(500)
      .default([]),
    any_where: z.boolean().default(false),
    script_ids: z
      .array(z.uuid({ message: 'must be a UUID' }))
      .max(1000)
      .default([]),
    workflow_ids: z
      .array(z.uuid({ message: 'must be a UUID' }))
      .max(1000)
      .default([]),
    tags: z.array(z.string().trim().min(1).max(100)).max(200).default([]),
  })
  .superRefine((s, ctx) => {
    if (s.roles.length === 0 && s.user_ids.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['roles'], message: 'name at least one role or user who may use it' });
    }
    const listed = s.script_ids.length + s.workflow_ids.length + s.tags.length;
    if (!s.any_where && listed === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['any_where'],
        message: 'choose where it may be used: scripts, workflows, tags, or anywhere',
      });
    if (s.any_where && listed > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['any_where'],
        message: 'anywhere cannot be combined with a list of scripts, workflows or tags',
      });
  });
export type SecretScope = z.output<typeof secretScope>;
export type SecretScopeInput = z.input<typeof secretScope>;

export interface ScopeUser {
  role: Role;
  userId: string | null;
  label: string;
  /** The user whose access decides no longer exists or is disabled: nothing is in scope. */
  gone?: boolean;
}
export interface ScopePlace {
  scriptId: string;
  scriptName: string;
  scriptTags: readonly string[];
  workflowId: string | null;
}

export type ScopeDecision = { ok: true } | { ok: false; reason: string };

/** Decides whether `user` may use a secret with `scope` in `place`. Pure. */
export function decideSecretScope(scope: SecretScope | null, user: ScopeUser, place: ScopePlace): ScopeDecision {
  if (user.gone) return { ok: false, reason: `${user.label} no longer exists or is disabled` };
  if (!scope) {
    return user.role === 'admin'
      ? { ok: true }
      : { ok: false, reason: 'it has no scope yet, so only admins may use it' };
  }
  const who =
    user.role === 'admin' ||
    scope.roles.includes(user.role) ||
    (user.userId !== null && scope.user_ids.includes(user.userId));
  if (!who) return { ok: false, reason: `${user.label} (role ${user.role}) is not among who may use it` };
  const where =
    scope.any_where ||
    scope.script_ids.includes(place.scriptId) ||
    (place.workflowId !== null && scope.workflow_ids.includes(place.workflowId)) ||
    place.scriptTags.some((t) => scope.tags.includes(t));
  if (!where)
    return {
      ok: false,
      reason: `it may not be used in script "${place.scriptName}"${place.workflowId ? ' or its workflow' : ''}`,
    };
  return { ok: true };
}
