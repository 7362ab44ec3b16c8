import { z } from 'zod';
import { scriptDto } from '@/server/scripts/scripts.schema';
import {
  createTemplateInput,
  instantiateTemplateBody,
  listTemplatesInput,
  parameterValues,
  previewDto,
  templateDto,
  templateIdInput,
  updateTemplatePatch,
} from '@/server/templates/templates.schema';
import { createScriptFromTemplate } from '@/server/templates/create-script-from-template';
import { createTemplate } from '@/server/templates/create-template';
import { deleteTemplate } from '@/server/templates/delete-template';
import { getTemplate } from '@/server/templates/get-template';
import { listTemplates } from '@/server/templates/list-templates';
import { previewTemplate } from '@/server/templates/preview-template';
import { updateTemplate } from '@/server/templates/update-template';
import { defineRoute } from '../rest-route';
import { pageOf } from './page-of';

// These paths share the /api/v1/scripts/ prefix with /api/v1/scripts/{id}; the matcher tries
// literal-heavy paths first, so "templates" is never taken for a script id.
export const templateRoutes = [
  defineRoute({
    method: 'POST',
    path: '/api/v1/scripts/templates/',
    summary: 'Create a script template (private or shared)',
    tag: 'templates',
    permission: 'template.write',
    body: createTemplateInput,
    response: templateDto,
    status: 201,
    handler: ({ actor, body, meta }) => createTemplate({ actor, input: body, meta }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/scripts/templates/',
    summary: 'List the templates the caller can see (filters: search, category, language, scope builtin/shared/mine)',
    tag: 'templates',
    permission: 'template.read',
    query: listTemplatesInput,
    response: pageOf(templateDto),
    handler: ({ actor, query }) => listTemplates({ actor, input: query }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/scripts/templates/{id}',
    summary: 'Get a template',
    tag: 'templates',
    permission: 'template.read',
    params: templateIdInput,
    response: templateDto,
    handler: ({ actor, params }) => getTemplate({ actor, id: params.id }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/v1/scripts/templates/{id}',
    summary: "Update one's own template (built-ins are read-only); a content or parameter change makes a new version",
    tag: 'templates',
    permission: 'template.write',
    params: templateIdInput,
    body: updateTemplatePatch,
    response: templateDto,
    handler: ({ actor, params, body, meta }) => updateTemplate({ actor, input: { id: params.id, patch: body }, meta }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/scripts/templates/{id}',
    summary: "Delete one's own template (scripts made from it stay)",
    tag: 'templates',
    permission: 'template.write',
    params: templateIdInput,
    response: z.object({ id: z.uuid(), deleted: z.literal(true) }),
    handler: ({ actor, params, meta }) => deleteTemplate({ actor, id: params.id, meta }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/scripts/templates/{id}/preview',
    summary: 'Render a template with parameter values (problems are answered as issues)',
    tag: 'templates',
    permission: 'template.read',
    params: templateIdInput,
    body: z.object({ values: parameterValues }),
    response: previewDto,
    handler: ({ actor, params, body }) => previewTemplate({ actor, input: { id: params.id, values: body.values } }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/scripts/templates/{id}/instantiate',
    summary: 'Create a draft script from a template with parameter values (needs script.write too)',
    tag: 'templates',
    permission: 'script.write',
    params: templateIdInput,
    body: instantiateTemplateBody,
    response: z.object({ script: scriptDto, secrets: z.array(z.string()) }),
    status: 201,
    handler: ({ actor, params, body, meta }) =>
      createScriptFromTemplate({ actor, input: { ...body, id: params.id }, meta }),
  }),
];
