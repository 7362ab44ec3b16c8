import { AppError } from '@/server/errors/app-error';
import type { Actor, Role } from './actor';

export const actions = [
  'script.read',
  'script.write',
  'script.run',
  'execution.read',
  'execution.cancel',
  'template.read',
  'template.write',
  'workflow.read',
  'workflow.write',
  'workflow.run',
  'schedule.read',
  'schedule.write',
  'trigger.read',
  'trigger.write',
  'event.publish',
  'secret.read',
  'secret.write',
  'hostresource.read',
  'hostresource.manage',
  'alert.read',
  'alert.rule.write',
  'alert.channel.manage',
  'apikey.manage',
  'user.manage',
  'audit.read',
  'settings.manage',
  'worker.read',
] as const;
export type Action = (typeof actions)[number];

const read: Action[] = [
  'script.read',
  'execution.read',
  'template.read',
  'workflow.read',
  'schedule.read',
  'trigger.read',
  'worker.read',
  'alert.read',
];
const run: Action[] = ['script.run', 'execution.cancel', 'workflow.run', 'event.publish', 'apikey.manage'];
const edit: Action[] = [
  'script.write',
  'template.write',
  'workflow.write',
  'schedule.write',
  'trigger.write',
  'secret.read',
  'secret.write',
  // Host paths are infrastructure detail: those who write scripts see them (and may be listed as granters).
  'hostresource.read',
  // Rules for what they can edit (checked per target by the alerts service); channels are admins'.
  'alert.rule.write',
];

/**
 * The single permission table. Every service checks it; tRPC, REST and the UI derive from it, so a
 * control hidden in the UI is also refused by the API.
 */
export const permissionTable: Record<Role, ReadonlySet<Action>> = {
  viewer: new Set(read),
  operator: new Set([...read, ...run]),
  editor: new Set([...read, ...run, ...edit]),
  admin: new Set(actions),
};

export { roleRank } from './roles.shared';

export function roleOf(actor: Actor): Role {
  return actor.type === 'system' ? 'admin' : actor.role;
}

export function can(actor: Actor, action: Action): boolean {
  return permissionTable[roleOf(actor)].has(action);
}

export function assertCan(actor: Actor, action: Action): void {
  if (!can(actor, action)) {
    throw new AppError('FORBIDDEN', `role ${roleOf(actor)} may not ${action}`);
  }
}
