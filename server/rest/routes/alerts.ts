import { z } from 'zod';
import {
  alertIdInput,
  channelDto,
  channelListDto,
  channelPatch,
  channelTestDto,
  createChannelInput,
  createRuleInput,
  deliveryListQuery,
  deliveryPageDto,
  ruleDto,
  ruleListDto,
  ruleListQuery,
  rulePatch,
} from '@/server/alerts/alerts.schema';
import { createAlertChannel } from '@/server/alerts/create-alert-channel';
import { createAlertRule } from '@/server/alerts/create-alert-rule';
import { deleteAlertChannel } from '@/server/alerts/delete-alert-channel';
import { deleteAlertRule } from '@/server/alerts/delete-alert-rule';
import { getAlertChannel } from '@/server/alerts/get-alert-channel';
import { getAlertRule } from '@/server/alerts/get-alert-rule';
import { listAlertChannels } from '@/server/alerts/list-alert-channels';
import { listAlertDeliveries } from '@/server/alerts/list-alert-deliveries';
import { listAlertRules } from '@/server/alerts/list-alert-rules';
import { testAlertChannel } from '@/server/alerts/test-alert-channel';
import { updateAlertChannel } from '@/server/alerts/update-alert-channel';
import { updateAlertRule } from '@/server/alerts/update-alert-rule';
import { defineRoute } from '../rest-route';

const deleted = z.object({ id: z.uuid(), deleted: z.literal(true) });
const testQuery = z.object({ language: z.enum(['zh-CN', 'en'], { message: "must be 'zh-CN' or 'en'" }).optional() });

export const alertRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/alerts/channels/',
    summary: 'List alert channels (credentials are never answered: has_secret / has_password say whether one is set)',
    tag: 'alerts',
    permission: 'alert.read',
    response: channelListDto,
    handler: ({ actor }) => listAlertChannels({ actor }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/alerts/channels/',
    summary:
      'Add an alert channel: webhook, dingtalk, wecom, feishu (config.url, optional config.secret) or email (SMTP). Admins only',
    tag: 'alerts',
    permission: 'alert.channel.manage',
    body: createChannelInput,
    response: channelDto,
    status: 201,
    handler: ({ actor, body, meta }) => createAlertChannel({ actor, input: body, meta }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/alerts/channels/{id}',
    summary: 'Get an alert channel',
    tag: 'alerts',
    permission: 'alert.read',
    params: alertIdInput,
    response: channelDto,
    handler: ({ actor, params }) => getAlertChannel({ actor, id: params.id }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/v1/alerts/channels/{id}',
    summary:
      'Change an alert channel; config is merged over the stored one (omitted credentials are kept, null clears one)',
    tag: 'alerts',
    permission: 'alert.channel.manage',
    params: alertIdInput,
    body: channelPatch,
    response: channelDto,
    handler: ({ actor, params, body, meta }) =>
      updateAlertChannel({ actor, input: { id: params.id, patch: body }, meta }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/alerts/channels/{id}',
    summary: 'Delete an alert channel no rule uses (409 names the rules otherwise)',
    tag: 'alerts',
    permission: 'alert.channel.manage',
    params: alertIdInput,
    response: deleted,
    handler: ({ actor, params, meta }) => deleteAlertChannel({ actor, id: params.id, meta }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/alerts/channels/{id}/test',
    summary: 'Send a test message through the channel now and answer how the receiver responded',
    tag: 'alerts',
    permission: 'alert.channel.manage',
    params: alertIdInput,
    query: testQuery,
    response: channelTestDto,
    handler: ({ actor, params, query, meta }) =>
      testAlertChannel({ actor, id: params.id, language: query.language, meta }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/alerts/rules/',
    summary: 'List alert rules; script_id or workflow_id lists the rules that apply to that script or workflow',
    tag: 'alerts',
    permission: 'alert.read',
    query: ruleListQuery,
    response: ruleListDto,
    handler: ({ actor, query }) => listAlertRules({ actor, input: query }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/alerts/rules/',
    summary:
      'Add an alert rule: on failed / timed_out / recovered / slow of a script, a workflow, a tag or everything, to channels, throttled per target',
    tag: 'alerts',
    permission: 'alert.rule.write',
    body: createRuleInput,
    response: ruleDto,
    status: 201,
    handler: ({ actor, body, meta }) => createAlertRule({ actor, input: body, meta }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/alerts/rules/{id}',
    summary: 'Get an alert rule',
    tag: 'alerts',
    permission: 'alert.read',
    params: alertIdInput,
    response: ruleDto,
    handler: ({ actor, params }) => getAlertRule({ actor, id: params.id }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/v1/alerts/rules/{id}',
    summary: 'Change an alert rule (only the fields given)',
    tag: 'alerts',
    permission: 'alert.rule.write',
    params: alertIdInput,
    body: rulePatch,
    response: ruleDto,
    handler: ({ actor, params, body, meta }) => updateAlertRule({ actor, input: { id: params.id, patch: body }, meta }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/alerts/rules/{id}',
    summary: 'Delete an alert rule with its delivery log',
    tag: 'alerts',
    permission: 'alert.rule.write',
    params: alertIdInput,
    response: deleted,
    handler: ({ actor, params, meta }) => deleteAlertRule({ actor, id: params.id, meta }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/alerts/rules/{id}/deliveries',
    summary: "The rule's delivery log, newest first: status, attempts, response code and error per message and channel",
    tag: 'alerts',
    permission: 'alert.read',
    params: alertIdInput,
    query: deliveryListQuery,
    response: deliveryPageDto,
    handler: ({ actor, params, query }) => listAlertDeliveries({ actor, input: { id: params.id, ...query } }),
  }),
];
