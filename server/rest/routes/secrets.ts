import { z } from 'zod';
import { listSecretUsage } from '@/server/secrets/list-secret-usage';
import { deleteSecret } from '@/server/secrets/delete-secret';
import { listSecrets } from '@/server/secrets/list-secrets';
import { setSecretScope } from '@/server/secrets/set-secret-scope';
import { upsertSecret } from '@/server/secrets/upsert-secret';
import {
  secretDto,
  secretIdInput,
  secretScopeBody,
  secretUsageDto,
  upsertSecretInput,
} from '@/server/secrets/secrets.schema';
import { defineRoute } from '../rest-route';

export const secretRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/secrets/',
    summary: 'List secrets with their scopes (values are write-only and never answered)',
    tag: 'secrets',
    permission: 'secret.read',
    response: z.array(secretDto),
    handler: ({ actor }) => listSecrets({ actor }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/secrets/',
    summary:
      'Create or replace a secret. Without `scope` a new secret is usable by admins only; an existing one keeps its scope. Only an admin or the creator may set a scope',
    tag: 'secrets',
    permission: 'secret.write',
    body: upsertSecretInput,
    response: secretDto,
    handler: ({ actor, body, meta }) => upsertSecret({ actor, input: body, meta }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/v1/secrets/{id}/scope',
    summary:
      'Set who may use a secret (roles, users) and where (scripts, workflows, tags, or anywhere); null = admins only. Admin or the creator only',
    tag: 'secrets',
    permission: 'secret.write',
    params: secretIdInput,
    body: secretScopeBody,
    response: secretDto,
    handler: ({ actor, params, body, meta }) =>
      setSecretScope({ actor, input: { id: params.id, scope: body.scope }, meta }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/secrets/{id}/usage',
    summary: 'Scripts, workflows, schedules and triggers that reference the secret as {{secret:NAME}}',
    tag: 'secrets',
    permission: 'secret.read',
    params: secretIdInput,
    response: secretUsageDto,
    handler: ({ actor, params }) => listSecretUsage({ actor, id: params.id }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/secrets/{id}',
    summary: 'Delete a secret (runs referencing it are refused from then on)',
    tag: 'secrets',
    permission: 'secret.write',
    params: secretIdInput,
    response: z.object({ id: z.uuid() }),
    handler: ({ actor, params, meta }) => deleteSecret({ actor, id: params.id, meta }),
  }),
];
