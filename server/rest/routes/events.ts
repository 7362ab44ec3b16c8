import { z } from 'zod';
import { eventDto, listEventsInput, publishEventDto, publishEventInput } from '@/server/events/events.schema';
import { publishEvent } from '@/server/events/publish-event';
import { listEvents } from '@/server/events/list-events';
import { receiveWebhook } from '@/server/triggers/receive-webhook';
import { readBodyLimited } from '@/server/input/read-body';
import { defineRoute, definePublicRoute } from '../rest-route';
import { pageOf } from './page-of';

export const eventRoutes = [
  defineRoute({
    method: 'POST',
    path: '/api/v1/events',
    summary:
      'Publish a platform event: it is stored, and every enabled trigger whose pattern and filter match starts its target. Always 202; `executions` lists the runs started (empty when nothing matched)',
    tag: 'events',
    permission: 'event.publish',
    body: publishEventInput,
    response: publishEventDto,
    status: 202,
    handler: ({ actor, body, meta }) => publishEvent({ actor, input: body, meta }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/events',
    summary: 'Recent events and webhook deliveries, newest first',
    tag: 'events',
    permission: 'trigger.read',
    query: listEventsInput,
    response: pageOf(eventDto),
    handler: ({ actor, query }) => listEvents({ actor, input: query }),
  }),
  definePublicRoute({
    method: 'POST',
    path: '/api/v1/hooks/{token}',
    summary:
      "A trigger's webhook: no API key; the token is the credential, plus, when the trigger has a secret, X-Signature-Timestamp (unix seconds, within ±5 min) and an HMAC-SHA256 of {timestamp}.{raw body} (e.g. X-Signature: sha256=<hex>); a repeated timestamp+signature is refused as a replay (409), a stale timestamp with 401. The JSON body (or raw text) becomes the input. Unknown token and bad signature both answer 404. Always 202 otherwise",
    tag: 'events',
    params: z.object({ token: z.string().max(200) }),
    response: publishEventDto,
    status: 202,
    handler: async ({ params, request, meta }) =>
      receiveWebhook({
        token: params.token,
        rawBody: await readBodyLimited(request),
        contentType: request.headers.get('content-type'),
        header: (name) => request.headers.get(name),
        ip: meta.ip,
      }),
  }),
];
