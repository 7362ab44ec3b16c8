import { z } from 'zod';
import {
  createScriptInput,
  idInput,
  listScriptsInput,
  scriptDto,
  updateScriptInput,
} from '@/server/scripts/scripts.schema';
import { createScript } from '@/server/scripts/create-script';
import { getScript } from '@/server/scripts/get-script';
import { listScripts } from '@/server/scripts/list-scripts';
import { updateScript } from '@/server/scripts/update-script';
import { deleteScript } from '@/server/scripts/delete-script';
import { defineRoute } from '../rest-route';
import { pageOf } from './page-of';

export const scriptRoutes = [
  defineRoute({
    method: 'POST',
    path: '/api/v1/scripts/',
    summary: 'Create a script',
    tag: 'scripts',
    permission: 'script.write',
    body: createScriptInput,
    response: scriptDto,
    status: 201,
    handler: ({ actor, body, meta }) => createScript({ actor, input: body, meta }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/scripts/',
    summary: 'List scripts (filters: category, tag, status, language, search)',
    tag: 'scripts',
    permission: 'script.read',
    query: listScriptsInput,
    response: pageOf(scriptDto),
    handler: ({ actor, query }) => listScripts({ actor, input: query }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/scripts/{id}',
    summary: 'Get a script',
    tag: 'scripts',
    permission: 'script.read',
    params: idInput,
    response: scriptDto,
    handler: ({ actor, params }) => getScript({ actor, id: params.id }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/v1/scripts/{id}',
    summary: 'Update a script (fields given are changed; a content change makes a new version)',
    tag: 'scripts',
    permission: 'script.write',
    params: idInput,
    body: updateScriptInput.shape.patch,
    response: scriptDto,
    handler: ({ actor, params, body, meta }) => updateScript({ actor, input: { id: params.id, patch: body }, meta }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/scripts/{id}',
    summary: 'Delete a script (its execution history stays readable)',
    tag: 'scripts',
    permission: 'script.write',
    params: idInput,
    response: z.object({ id: z.uuid(), deleted: z.literal(true) }),
    handler: ({ actor, params, meta }) => deleteScript({ actor, id: params.id, meta }),
  }),
];
