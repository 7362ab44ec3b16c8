import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';

/**
 * Schedules and triggers run as their owner, with the owner's current role: a demoted or disabled
 * owner's schedule stops being able to start what the owner may no longer start. An ownerless row
 * (its owner was deleted) runs nothing until someone edits it and so becomes its owner.
 */
export async function ownerActor(ownerId: string | null): Promise<Actor> {
  if (!ownerId) throw new AppError('UNPROCESSABLE', 'has no owner (the owner was deleted): edit it to take it over');
  const [u] = await db().select().from(users).where(eq(users.id, ownerId)).limit(1);
  if (!u) throw new AppError('UNPROCESSABLE', 'has no owner (the owner was deleted): edit it to take it over');
  if (u.disabled) throw new AppError('UNPROCESSABLE', `its owner ${u.email} is disabled`);
  return { type: 'user', id: u.id, email: u.email, role: u.role };
}
