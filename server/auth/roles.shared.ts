/** Roles and their order: client-safe (the settings forms list and compare them too). */
export const roles = ['admin', 'editor', 'operator', 'viewer'] as const;
export type Role = (typeof roles)[number];

export const roleRank: Record<Role, number> = { viewer: 0, operator: 1, editor: 2, admin: 3 };
