import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '@/server/auth/actor';
import { canGrant } from './grant-access';

const user = (role: Role, id = `u-${role}`): Actor => ({ type: 'user', id, email: `${role}@x`, role });
const key = (role: Role, userId: string): Actor => ({ type: 'api_key', id: 'k1', userId, name: 'k', role });
const system: Actor = { type: 'system', reason: 'test' };

describe('canGrant', () => {
  const none = { grantRoles: [] as Role[], grantUserIds: [] as string[] };
  it.each([
    ['admin, resource lists nobody', user('admin'), none, true],
    ['system', system, none, true],
    ['editor, resource lists nobody', user('editor'), none, false],
    ['editor, resource lists editors', user('editor'), { ...none, grantRoles: ['editor'] as Role[] }, true],
    ['editor, resource lists this user', user('editor', 'u1'), { ...none, grantUserIds: ['u1'] }, true],
    ['editor, resource lists another user', user('editor', 'u2'), { ...none, grantUserIds: ['u1'] }, false],
    [
      'operator listed by role (cannot change scripts)',
      user('operator'),
      { ...none, grantRoles: ['operator'] as Role[] },
      false,
    ],
    ['viewer listed by id (cannot change scripts)', user('viewer', 'u3'), { ...none, grantUserIds: ['u3'] }, false],
    ['editor API key of a listed user', key('editor', 'u1'), { ...none, grantUserIds: ['u1'] }, true],
    ['viewer API key of a listed user', key('viewer', 'u1'), { ...none, grantUserIds: ['u1'] }, false],
    ['admin API key', key('admin', 'u9'), none, true],
    ['editor API key, resource lists admins only', key('editor', 'u9'), none, false],
  ] as const)('%s → %s', (_label, actor, resource, expected) => {
    expect(canGrant(actor, { grantRoles: [...resource.grantRoles], grantUserIds: [...resource.grantUserIds] })).toBe(
      expected,
    );
  });
});
