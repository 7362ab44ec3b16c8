import { eq, inArray } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { secrets, users, workflowRuns, workflowVersions } from '@/db/schema';
import { actorLabel, type Actor, type RequestMeta } from '@/server/auth/actor';
import { roleOf } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { unseal } from '@/server/crypto/seal';
import { AppError } from '@/server/errors/app-error';
import { logger } from '@/server/log/logger';
import { SECRET_REF, secretRefNames } from './secret-refs';
import { decideSecretScope, type ScopePlace, type ScopeUser, type SecretScope } from './secret-scope';
import { coded } from '@/server/messages/messages.shared';

type SecretRow = typeof secrets.$inferSelect;

export interface SecretUse {
  /** Whose access decides: the caller, a schedule's or trigger's owner, a workflow version's author. */
  user: ScopeUser;
  place: ScopePlace;
  /** Recorded in the audit entry of a refusal. */
  actor: Actor;
  meta?: RequestMeta;
  /** What is being refused, for the audit entry ("run of script x", "schedule y saved"). */
  context: string;
  /** False: refuse without an audit entry (a decision that is about to be made again). */
  audit?: boolean;
  /** Field prefix of the error details (`environment_vars`, `graph.nodes.3.config.environment_vars`). */
  field?: string;
}

export function scopeUserOf(actor: Actor): ScopeUser {
  switch (actor.type) {
    case 'user':
      return { role: actor.role, userId: actor.id, label: actor.email };
    case 'api_key':
      return { role: actor.role, userId: actor.userId, label: `api key ${actor.name}` };
    case 'system':
      return { role: roleOf(actor), userId: null, label: `system (${actor.reason})` };
  }
}

/** A user as the scope sees them now (role and status read fresh); null when gone or disabled. */
export async function scopeUserById(userId: string | null, q: DbOrTx = db()): Promise<ScopeUser | null> {
  if (!userId) return null;
  const [u] = await q
    .select({ id: users.id, email: users.email, role: users.role, disabled: users.disabled })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!u || u.disabled) return null;
  return { role: u.role, userId: u.id, label: u.email };
}

/**
 * Whose access a workflow node's secret references are checked against: the author of the run's
 * workflow version (who saved the references), with their current role. A deleted or disabled
 * author's references are refused.
 */
export async function workflowRunSecretUser(
  runId: string,
  q: DbOrTx = db(),
): Promise<{ user: ScopeUser; workflowId: string }> {
  const [run] = await q
    .select({ workflowId: workflowRuns.workflowId, authorId: workflowVersions.authorId })
    .from(workflowRuns)
    .innerJoin(workflowVersions, eq(workflowVersions.id, workflowRuns.workflowVersionId))
    .where(eq(workflowRuns.id, runId))
    .limit(1);
  const user = await scopeUserById(run?.authorId ?? null, q);
  return {
    workflowId: run?.workflowId ?? '',
    user: user ?? { role: 'viewer', userId: null, label: 'the author of this workflow version', gone: true },
  };
}

async function loadReferenced(names: Iterable<string>, q: DbOrTx, field: string): Promise<Map<string, SecretRow>> {
  const list = [...names];
  const rows = list.length ? await q.select().from(secrets).where(inArray(secrets.name, list)) : [];
  const byName = new Map(rows.map((r) => [r.name, r]));
  const missing = list.filter((n) => !byName.has(n));
  if (missing.length) {
    throw new AppError('VALIDATION_ERROR', `unknown secret: ${missing.join(', ')}`, {
      details: missing.map((n) => ({ field, message: `secret ${n} does not exist` })),
    });
  }
  return byName;
}

/**
 * Checks every referenced secret's scope for `use`. A refusal names each secret and why, is written
 * to the audit log (outside any transaction of the caller, so it stays even when the caller's
 * work rolls back) and is thrown as FORBIDDEN.
 */
async function assertScopes(vars: Record<string, string>, rows: Map<string, SecretRow>, use: SecretUse): Promise<void> {
  const field = use.field ?? 'environment_vars';
  const refused: Array<{ row: SecretRow; varName: string; reason: string }> = [];
  for (const [name, varName] of secretRefNames(vars)) {
    const row = rows.get(name)!;
    const d = decideSecretScope((row.scope as SecretScope | null) ?? null, use.user, use.place);
    if (!d.ok) refused.push({ row, varName, reason: d.reason });
  }
  if (!refused.length) return;
  const message = refused.map((r) => `secret ${r.row.name} may not be used here: ${r.reason}`).join('; ');
  for (const r of use.audit === false ? [] : refused) {
    await writeAudit({
      actor: use.actor,
      action: 'secret.refused',
      entityType: 'secret',
      entityId: r.row.id,
      meta: use.meta,
      summary: coded('audit.secret_refused', {
        context: use.context,
        name: r.row.name,
        user: use.user.label,
        actor: actorLabel(use.actor),
        detail: r.reason,
      }),
    }).catch((err: unknown) => logger().error({ err }, 'could not audit a secret refusal'));
  }
  throw new AppError('FORBIDDEN', message, {
    details: refused.map((r) => ({
      field: `${field}.${r.varName}`,
      message: `secret ${r.row.name} may not be used here: ${r.reason}`,
    })),
  });
}

/** Save-time check of references (schedules, triggers, workflow nodes): exist and in scope. No value is opened. */
export async function assertSecretRefsUsable(
  vars: Record<string, string>,
  use: SecretUse,
  q: DbOrTx = db(),
): Promise<void> {
  const names = secretRefNames(vars);
  if (names.size === 0) return;
  await assertScopes(vars, await loadReferenced(names.keys(), q, use.field ?? 'environment_vars'), use);
}

/**
 * Replaces `{{secret:NAME}}` references in environment values with the decrypted secrets, after
 * checking each one's scope. Returns which variables carry secret material and the secret values,
 * so they are masked wherever the run prints them. The value reaches the sandbox, never the caller.
 */
export async function resolveSecretRefs(
  vars: Record<string, string>,
  use: SecretUse,
  q: DbOrTx = db(),
): Promise<{ vars: Record<string, string>; secretKeys: string[]; secrets: string[] }> {
  const names = secretRefNames(vars);
  if (names.size === 0) return { vars, secretKeys: [], secrets: [] };
  const rows = await loadReferenced(names.keys(), q, use.field ?? 'environment_vars');
  await assertScopes(vars, rows, use);
  const values = new Map([...rows.values()].map((r) => [r.name, unseal(r.valueSealed)]));
  const secretKeys: string[] = [];
  const resolved = Object.fromEntries(
    Object.entries(vars).map(([k, v]) => {
      if (!v.includes('{{')) return [k, v];
      const replaced = v.replace(SECRET_REF, (_m, n: string) => values.get(n)!);
      if (replaced !== v) secretKeys.push(k);
      return [k, replaced];
    }),
  );
  return { vars: resolved, secretKeys, secrets: [...values.values()] };
}
