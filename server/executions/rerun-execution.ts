import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { executions } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { openEnvironment } from './sealed-environment';
import { executeScript } from './execute-script';

/** Runs the script again with the same inputs and environment (current version of the script). */
export async function rerunExecution(opts: { actor: Actor; id: string; meta?: RequestMeta }) {
  const [row] = await db().select().from(executions).where(eq(executions.id, opts.id)).limit(1);
  if (!row) throw AppError.notFound('execution', opts.id);
  if (!row.scriptId) throw new AppError('CONFLICT', 'this execution has no script to run again');
  // The original values: `{{secret:NAME}}` references are resolved again, to the secret's current value.
  const environmentVars = openEnvironment(row.environmentSealed).original;
  return executeScript({
    actor: opts.actor,
    input: {
      id: row.scriptId,
      input_parameters: row.inputParameters as Record<string, unknown>,
      environment_vars: environmentVars,
    },
    trigger: 'manual',
    triggerRef: `rerun:${row.id}`,
    meta: opts.meta,
  });
}
