import { asc } from 'drizzle-orm';
import { db } from '@/db/client';
import { secrets } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { toDto } from './secret-dto';
import type { SecretDto } from './secrets.schema';

export async function listSecrets(opts: { actor: Actor }): Promise<SecretDto[]> {
  assertCan(opts.actor, 'secret.read');
  return (await db().select().from(secrets).orderBy(asc(secrets.name))).map(toDto);
}
