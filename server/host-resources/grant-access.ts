import { actorUserId, type Actor } from '@/server/auth/actor';
import { can, roleOf } from '@/server/auth/permissions';
import type { hostResources } from '@/db/schema';

type ResourceAccess = Pick<typeof hostResources.$inferSelect, 'grantRoles' | 'grantUserIds'>;

/**
 * Who may attach a host resource to a script (the only place that decides it): someone who may
 * change scripts, and is an admin, or has a role the resource lists, or is a user it lists (an API
 * key acts for its user, with the key's role).
 */
export function canGrant(actor: Actor, resource: ResourceAccess): boolean {
  if (!can(actor, 'script.write')) return false;
  const role = roleOf(actor);
  if (role === 'admin') return true;
  if (resource.grantRoles.includes(role)) return true;
  const userId = actorUserId(actor);
  return userId !== null && resource.grantUserIds.includes(userId);
}
