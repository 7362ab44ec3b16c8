import { z } from 'zod';
import {
  createTriggerInput,
  listTriggersInput,
  triggerDto,
  triggerIdInput,
  triggerPatch,
  triggerWithTokenDto,
} from '@/server/triggers/triggers.schema';
import { eventDto, listEventsInput } from '@/server/events/events.schema';
import { createTrigger } from '@/server/triggers/create-trigger';
import { getTrigger } from '@/server/triggers/get-trigger';
import { listTriggers } from '@/server/triggers/list-triggers';
import { updateTrigger } from '@/server/triggers/update-trigger';
import { deleteTrigger } from '@/server/triggers/delete-trigger';
import { regenerateWebhookToken } from '@/server/triggers/regenerate-webhook-token';
import { listEvents } from '@/server/events/list-events';
import { defineRoute } from '../rest-route';
import { pageOf } from './page-of';

export const triggerRoutes = [
  defineRoute({
    method: 'POST',
    path: '/api/v1/triggers/',
    summary: 'Create an event and/or webhook trigger (a webhook token is answered once)',
    tag: 'triggers',
    permission: 'trigger.write',
    body: createTriggerInput,
    response: triggerWithTokenDto,
    status: 201,
    handler: ({ actor, body, meta }) => createTrigger({ actor, input: body, meta }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/triggers/',
    summary: 'List triggers',
    tag: 'triggers',
    permission: 'trigger.read',
    query: listTriggersInput,
    response: pageOf(triggerDto),
    handler: ({ actor, query }) => listTriggers({ actor, input: query }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/triggers/{id}',
    summary: 'Get a trigger',
    tag: 'triggers',
    permission: 'trigger.read',
    params: triggerIdInput,
    response: triggerDto,
    handler: ({ actor, params }) => getTrigger({ actor, id: params.id }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/v1/triggers/{id}',
    summary: 'Update a trigger (fields given are changed; webhook_enabled=false deletes the token)',
    tag: 'triggers',
    permission: 'trigger.write',
    params: triggerIdInput,
    body: triggerPatch,
    response: triggerWithTokenDto,
    handler: ({ actor, params, body, meta }) => updateTrigger({ actor, input: { id: params.id, patch: body }, meta }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/triggers/{id}',
    summary: 'Delete a trigger (stored events and runs stay)',
    tag: 'triggers',
    permission: 'trigger.write',
    params: triggerIdInput,
    response: z.object({ id: z.uuid(), deleted: z.literal(true) }),
    handler: ({ actor, params, meta }) => deleteTrigger({ actor, id: params.id, meta }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/triggers/{id}/webhook-token',
    summary: 'Create or replace the webhook token (answered once; the old URL stops working)',
    tag: 'triggers',
    permission: 'trigger.write',
    params: triggerIdInput,
    response: triggerWithTokenDto,
    handler: ({ actor, params, meta }) => regenerateWebhookToken({ actor, id: params.id, meta }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/triggers/{id}/events',
    summary: 'Recent events and webhook deliveries that reached this trigger, with the runs they started',
    tag: 'triggers',
    permission: 'trigger.read',
    params: triggerIdInput,
    query: listEventsInput.omit({ trigger_id: true }),
    response: pageOf(eventDto),
    handler: ({ actor, params, query }) => listEvents({ actor, input: { ...query, trigger_id: params.id } }),
  }),
];
