import { allowed, router } from '../init';
import {
  createTriggerInput,
  listTriggersInput,
  testTriggerInput,
  triggerIdInput,
  updateTriggerInput,
} from '@/server/triggers/triggers.schema';
import { listEventsInput, publishEventInput } from '@/server/events/events.schema';
import { createTrigger } from '@/server/triggers/create-trigger';
import { getTrigger } from '@/server/triggers/get-trigger';
import { listTriggers } from '@/server/triggers/list-triggers';
import { updateTrigger } from '@/server/triggers/update-trigger';
import { deleteTrigger } from '@/server/triggers/delete-trigger';
import { regenerateWebhookToken } from '@/server/triggers/regenerate-webhook-token';
import { testTrigger } from '@/server/triggers/test-trigger';
import { listEvents } from '@/server/events/list-events';
import { publishEvent } from '@/server/events/publish-event';

export const triggersRouter = router({
  list: allowed('trigger.read')
    .input(listTriggersInput)
    .query(({ ctx, input }) => listTriggers({ actor: ctx.actor, input })),
  get: allowed('trigger.read')
    .input(triggerIdInput)
    .query(({ ctx, input }) => getTrigger({ actor: ctx.actor, id: input.id })),
  create: allowed('trigger.write')
    .input(createTriggerInput)
    .mutation(({ ctx, input }) => createTrigger({ actor: ctx.actor, input, meta: ctx.meta })),
  update: allowed('trigger.write')
    .input(updateTriggerInput)
    .mutation(({ ctx, input }) => updateTrigger({ actor: ctx.actor, input, meta: ctx.meta })),
  delete: allowed('trigger.write')
    .input(triggerIdInput)
    .mutation(({ ctx, input }) => deleteTrigger({ actor: ctx.actor, id: input.id, meta: ctx.meta })),
  regenerateToken: allowed('trigger.write')
    .input(triggerIdInput)
    .mutation(({ ctx, input }) => regenerateWebhookToken({ actor: ctx.actor, id: input.id, meta: ctx.meta })),
  test: allowed('trigger.read')
    .input(testTriggerInput)
    .query(({ ctx, input }) => testTrigger({ actor: ctx.actor, input })),
  events: allowed('trigger.read')
    .input(listEventsInput)
    .query(({ ctx, input }) => listEvents({ actor: ctx.actor, input })),
  // The "send test event" button: the same service as POST /api/v1/events.
  sendTestEvent: allowed('event.publish')
    .input(publishEventInput)
    .mutation(({ ctx, input }) => publishEvent({ actor: ctx.actor, input, meta: ctx.meta })),
});
