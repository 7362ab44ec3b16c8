import { eq } from 'drizzle-orm';
import { setTimeout as sleep } from 'node:timers/promises';
import { db } from '@/db/client';
import { executions } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { createScript } from '@/server/scripts/create-script';
import type { CreateScriptInput } from '@/server/scripts/scripts.schema';
import { uniqueName } from '@/server/test/fixtures';
import { getExecution } from '../get-execution';
import { isFinalStatus } from '../wait-for-final';

export async function scriptFor(
  actor: Actor,
  content: string,
  language: 'python' | 'bash' = 'bash',
  extra: Partial<CreateScriptInput> = {},
) {
  return createScript({ actor, input: { name: uniqueName('engine'), content, language, ...extra } });
}

export async function waitForStatus(
  actor: Actor,
  id: string,
  predicate: (s: string) => boolean = isFinalStatus,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const e = await getExecution({ actor, id });
    if (predicate(e.status)) return e;
    if (Date.now() > deadline) throw new Error(`execution ${id} still ${e.status} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

export async function rawExecution(id: string) {
  return (await db().select().from(executions).where(eq(executions.id, id)))[0]!;
}
