import { z } from 'zod';
import { allowed, router } from '../init';
import {
  alertIdInput,
  createChannelInput,
  createRuleInput,
  deliveryListInput,
  ruleListQuery,
  updateChannelInput,
  updateRuleInput,
} from '@/server/alerts/alerts.schema';
import { createAlertChannel } from '@/server/alerts/create-alert-channel';
import { createAlertRule } from '@/server/alerts/create-alert-rule';
import { deleteAlertChannel } from '@/server/alerts/delete-alert-channel';
import { deleteAlertRule } from '@/server/alerts/delete-alert-rule';
import { getAlertRule } from '@/server/alerts/get-alert-rule';
import { listAlertChannels } from '@/server/alerts/list-alert-channels';
import { listAlertDeliveries } from '@/server/alerts/list-alert-deliveries';
import { listAlertRules } from '@/server/alerts/list-alert-rules';
import { testAlertChannel } from '@/server/alerts/test-alert-channel';
import { updateAlertChannel } from '@/server/alerts/update-alert-channel';
import { updateAlertRule } from '@/server/alerts/update-alert-rule';

const testInput = alertIdInput.extend({ language: z.enum(['zh-CN', 'en']).optional() });

export const alertsRouter = router({
  channels: allowed('alert.read').query(({ ctx }) => listAlertChannels({ actor: ctx.actor })),
  createChannel: allowed('alert.channel.manage')
    .input(createChannelInput)
    .mutation(({ ctx, input }) => createAlertChannel({ actor: ctx.actor, input, meta: ctx.meta })),
  updateChannel: allowed('alert.channel.manage')
    .input(updateChannelInput)
    .mutation(({ ctx, input }) => updateAlertChannel({ actor: ctx.actor, input, meta: ctx.meta })),
  deleteChannel: allowed('alert.channel.manage')
    .input(alertIdInput)
    .mutation(({ ctx, input }) => deleteAlertChannel({ actor: ctx.actor, id: input.id, meta: ctx.meta })),
  testChannel: allowed('alert.channel.manage')
    .input(testInput)
    .mutation(({ ctx, input }) =>
      testAlertChannel({ actor: ctx.actor, id: input.id, language: input.language, meta: ctx.meta }),
    ),
  rules: allowed('alert.read')
    .input(ruleListQuery.optional())
    .query(({ ctx, input }) => listAlertRules({ actor: ctx.actor, input })),
  rule: allowed('alert.read')
    .input(alertIdInput)
    .query(({ ctx, input }) => getAlertRule({ actor: ctx.actor, id: input.id })),
  createRule: allowed('alert.rule.write')
    .input(createRuleInput)
    .mutation(({ ctx, input }) => createAlertRule({ actor: ctx.actor, input, meta: ctx.meta })),
  updateRule: allowed('alert.rule.write')
    .input(updateRuleInput)
    .mutation(({ ctx, input }) => updateAlertRule({ actor: ctx.actor, input, meta: ctx.meta })),
  deleteRule: allowed('alert.rule.write')
    .input(alertIdInput)
    .mutation(({ ctx, input }) => deleteAlertRule({ actor: ctx.actor, id: input.id, meta: ctx.meta })),
  deliveries: allowed('alert.read')
    .input(deliveryListInput)
    .query(({ ctx, input }) => listAlertDeliveries({ actor: ctx.actor, input })),
});
