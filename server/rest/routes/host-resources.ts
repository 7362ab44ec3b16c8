import { z } from 'zod';
import {
  createHostResourceInput,
  hostResourceDto,
  hostResourceIdInput,
  hostResourceListDto,
  hostResourcePatch,
  scriptHostResourcesDto,
  setScriptHostResourcesBody,
} from '@/server/host-resources/host-resources.schema';
import { createHostResource } from '@/server/host-resources/create-host-resource';
import { deleteHostResource } from '@/server/host-resources/delete-host-resource';
import { getHostResource } from '@/server/host-resources/get-host-resource';
import { listHostResources } from '@/server/host-resources/list-host-resources';
import { updateHostResource } from '@/server/host-resources/update-host-resource';
import { listScriptHostResources } from '@/server/host-resources/list-script-host-resources';
import { setScriptHostResources } from '@/server/host-resources/set-script-host-resources';
import { idInput } from '@/server/scripts/scripts.schema';
import { defineRoute } from '../rest-route';

export const hostResourceRoutes = [
  defineRoute({
    method: 'POST',
    path: '/api/v1/host-resources/',
    summary:
      'Define a host resource (directory, file, Unix socket or device; read-only or read-write) that scripts may be granted',
    tag: 'host-resources',
    permission: 'hostresource.manage',
    body: createHostResourceInput,
    response: hostResourceDto,
    status: 201,
    handler: ({ actor, body, meta }) => createHostResource({ actor, input: body, meta }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/host-resources/',
    summary: 'List host resources with the scripts that use each',
    tag: 'host-resources',
    permission: 'hostresource.read',
    response: hostResourceListDto,
    handler: ({ actor }) => listHostResources({ actor }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/host-resources/{id}',
    summary: 'Get a host resource',
    tag: 'host-resources',
    permission: 'hostresource.read',
    params: hostResourceIdInput,
    response: hostResourceDto,
    handler: ({ actor, params }) => getHostResource({ actor, id: params.id }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/v1/host-resources/{id}',
    summary: "Change a host resource's description, mode or who may grant it (name, path and kind are fixed)",
    tag: 'host-resources',
    permission: 'hostresource.manage',
    params: hostResourceIdInput,
    body: hostResourcePatch,
    response: hostResourceDto,
    handler: ({ actor, params, body, meta }) =>
      updateHostResource({ actor, input: { id: params.id, patch: body }, meta }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/host-resources/{id}',
    summary: 'Delete a host resource that no script uses (409 names the scripts otherwise)',
    tag: 'host-resources',
    permission: 'hostresource.manage',
    params: hostResourceIdInput,
    response: z.object({ id: z.uuid(), deleted: z.literal(true) }),
    handler: ({ actor, params, meta }) => deleteHostResource({ actor, id: params.id, meta }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/scripts/{id}/host-resources',
    summary: 'The host resources a script declares, granted or suspended',
    tag: 'scripts',
    permission: 'script.read',
    params: idInput,
    response: scriptHostResourcesDto,
    handler: ({ actor, params }) => listScriptHostResources({ actor, id: params.id }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/v1/scripts/{id}/host-resources',
    summary: 'Set the complete list of host resources a script needs (granting one needs the right to grant it)',
    tag: 'scripts',
    permission: 'script.write',
    params: idInput,
    body: setScriptHostResourcesBody,
    response: scriptHostResourcesDto,
    handler: ({ actor, params, body, meta }) =>
      setScriptHostResources({ actor, input: { id: params.id, host_resources: body.host_resources }, meta }),
  }),
];
