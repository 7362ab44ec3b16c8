import { z } from 'zod';
import { roles } from '@/server/auth/actor';
import { hostResourceKinds, hostResourceModes } from './host-resource-kinds.shared';

/** API shapes for host resources (issue #25), snake_case like every other domain: tRPC and REST share them. */
export {
  hostResourceKinds,
  hostResourceModes,
  type HostResourceKind,
  type HostResourceMode,
} from './host-resource-kinds.shared';

/** Names scripts and templates refer to: `host_resources: ["recordings"]`. */
export const HOST_RESOURCE_NAME = /^[a-z][a-z0-9_-]{0,62}$/;
export const hostResourceName = z
  .string()
  .regex(HOST_RESOURCE_NAME, 'must start with a lower-case letter and hold only a-z, 0-9, _ and - (at most 63)');

/** Syntax only; what the path may be is decided by host-path-policy.ts. */
export const hostPath = z.string().min(1, 'must not be empty').max(4096, 'must be at most 4096 characters');

const grantRoles = z
  .array(z.enum(roles))
  .max(4)
  .transform((r) => [...new Set(r)]);
const grantUserIds = z
  .array(z.uuid({ message: 'must be a UUID' }))
  .max(200)
  .transform((u) => [...new Set(u)]);

export const createHostResourceInput = z.object({
  name: hostResourceName,
  description: z.string().max(2000).default(''),
  path: hostPath,
  kind: z.enum(hostResourceKinds, { message: "must be 'directory', 'file', 'socket' or 'device'" }),
  mode: z.enum(hostResourceModes, { message: "must be 'read-only' or 'read-write'" }),
  /** Roles that may attach it to scripts besides admins. */
  grant_roles: grantRoles.default([]),
  /** Users that may attach it to scripts besides admins. */
  grant_user_ids: grantUserIds.default([]),
});
export type CreateHostResourceInput = z.input<typeof createHostResourceInput>;

/** Name, path and kind are what scripts were granted: they do not change (make a new resource). */
export const hostResourcePatch = z
  .object({
    description: z.string().max(2000),
    mode: z.enum(hostResourceModes, { message: "must be 'read-only' or 'read-write'" }),
    grant_roles: grantRoles,
    grant_user_ids: grantUserIds,
  })
  .partial();
export const updateHostResourceInput = z.object({
  id: z.uuid({ message: 'must be a UUID' }),
  patch: hostResourcePatch,
});
export type UpdateHostResourceInput = z.input<typeof updateHostResourceInput>;

export const hostResourceIdInput = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

export const hostResourceUserDto = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.string(),
  state: z.enum(['granted', 'suspended']),
});

export const hostResourceDto = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  path: z.string(),
  kind: z.enum(hostResourceKinds),
  mode: z.enum(hostResourceModes),
  grant_roles: z.array(z.enum(roles)),
  grant_user_ids: z.array(z.string()),
  /** Whether the caller may attach it to a script. */
  grantable: z.boolean(),
  /** Live scripts that declare it. */
  scripts: z.array(hostResourceUserDto),
  created_at: z.string(),
  updated_at: z.string(),
});
export type HostResourceDto = z.infer<typeof hostResourceDto>;
export const hostResourceListDto = z.object({ items: z.array(hostResourceDto) });

/** A script's declared host resources, as the script page shows them. */
export const scriptHostResourceDto = z.object({
  id: z.uuid(),
  name: z.string(),
  path: z.string(),
  kind: z.enum(hostResourceKinds),
  mode: z.enum(hostResourceModes),
  /** granted: bound into runs. suspended: runs fail until someone allowed grants it again. */
  state: z.enum(['granted', 'suspended']),
  reason: z.string(),
  granted_by: z.string().nullable(),
  granted_at: z.string(),
  script_version: z.number().int(),
});
export type ScriptHostResourceDto = z.infer<typeof scriptHostResourceDto>;
export const scriptHostResourcesDto = z.object({ script_id: z.uuid(), items: z.array(scriptHostResourceDto) });

/** Body of PUT /api/v1/scripts/{id}/host-resources: the complete list the script needs. */
export const setScriptHostResourcesBody = z.object({
  host_resources: z
    .array(hostResourceName)
    .max(50)
    .transform((n) => [...new Set(n)]),
});
export const setScriptHostResourcesInput = setScriptHostResourcesBody.extend({
  id: z.uuid({ message: 'must be a UUID' }),
});
export type SetScriptHostResourcesInput = z.input<typeof setScriptHostResourcesInput>;
