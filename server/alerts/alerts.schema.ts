import { z } from 'zod';
import { alertEvents, alertLanguages, channelTypes, targetTypes, type ChannelType } from './alert-kinds.shared';

/** API shapes for alerts (issue #23), snake_case like every other domain: tRPC and REST share them. */
export { alertEvents, alertLanguages, channelTypes, targetTypes } from './alert-kinds.shared';
export type { AlertEvent, AlertLanguage, ChannelType } from './alert-kinds.shared';

const uuid = z.uuid({ message: 'must be a UUID' });
const name = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

/** Robots and receivers are reached over http(s) only; anything else is refused when saved. */
const httpUrl = z
  .string()
  .max(2000, 'must be at most 2000 characters')
  .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), 'must be an http:// or https:// URL');
const signSecret = z.string().min(1, 'must not be empty').max(500, 'must be at most 500 characters');
const email = z
  .string()
  .trim()
  .max(320)
  .regex(/^[^\s@<>,;]+@[^\s@<>,;]+$/, 'must be an e-mail address');

/**
 * Per-type configuration as it is written. Secret parts (the URL with its token, `secret`,
 * `password`) are sealed at rest and never answered; on update an omitted one keeps its value.
 */
export const webhookConfig = z.strictObject({
  url: httpUrl,
  /** HMAC-SHA256 key: signs "{timestamp}.{body}" like our incoming webhooks expect. */
  secret: signSecret.optional(),
});
export const dingtalkConfig = z.strictObject({
  url: httpUrl,
  /** The robot's "加签" secret: timestamp + sign query parameters. */
  secret: signSecret.optional(),
  msg_type: z.enum(['markdown', 'text']).default('markdown'),
});
export const wecomConfig = z.strictObject({
  url: httpUrl,
  msg_type: z.enum(['markdown', 'text']).default('markdown'),
});
export const feishuConfig = z.strictObject({
  url: httpUrl,
  /** The robot's "签名校验" secret: timestamp + sign in the body. */
  secret: signSecret.optional(),
  msg_type: z.enum(['post', 'text']).default('post'),
});
export const emailConfig = z.strictObject({
  host: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(255)
    .regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or address'),
  port: z.number().int().min(1).max(65535),
  /** starttls: upgrade a plain connection (587); tls: TLS from the start (465); none: plain (tests, relays). */
  security: z.enum(['starttls', 'tls', 'none']).default('starttls'),
  username: z.string().max(320).optional(),
  password: z.string().max(500).optional(),
  from: email,
  to: z.array(email).min(1, 'needs at least one recipient').max(50),
  /** Accept a self-signed server certificate (internal relays). */
  allow_invalid_certificate: z.boolean().default(false),
});

export const channelConfigSchemas = {
  webhook: webhookConfig,
  dingtalk: dingtalkConfig,
  wecom: wecomConfig,
  feishu: feishuConfig,
  email: emailConfig,
} as const;
export type ChannelConfig = {
  webhook: z.output<typeof webhookConfig>;
  dingtalk: z.output<typeof dingtalkConfig>;
  wecom: z.output<typeof wecomConfig>;
  feishu: z.output<typeof feishuConfig>;
  email: z.output<typeof emailConfig>;
};
export type AnyChannelConfig = ChannelConfig[ChannelType];

/** What the OpenAPI document says about `config`, whose fields depend on `type`. */
const CONFIG_HELP =
  'By type. webhook: {url, secret?}. dingtalk: {url (with access_token), secret? (SEC…), msg_type?: markdown|text}. ' +
  'wecom: {url (with key), msg_type?: markdown|text}. feishu: {url (…/bot/v2/hook/…), secret?, msg_type?: post|text}. ' +
  'email: {host, port, security?: starttls|tls|none, username?, password?, from, to: [..], allow_invalid_certificate?}. ' +
  'url, secret and password are never answered.';

const channelType = z.enum(channelTypes, { message: "must be 'webhook', 'dingtalk', 'wecom', 'feishu' or 'email'" });

/** The config is checked against its type's schema by the service (field names `config.<x>`). */
export const createChannelInput = z.object({
  name,
  type: channelType,
  config: z.record(z.string(), z.unknown()).describe(CONFIG_HELP),
  enabled: z.boolean().default(true),
});
export type CreateChannelInput = z.input<typeof createChannelInput>;

export const channelPatch = z.object({
  name: name.optional(),
  /** Merged over the stored one: omitted secret parts keep their values. */
  config: z
    .record(z.string(), z.unknown())
    .describe(
      `Merged over the stored one: omitted url/secret/password keep their values, null clears one. ${CONFIG_HELP}`,
    )
    .optional(),
  enabled: z.boolean().optional(),
});
export const updateChannelInput = z.object({ id: uuid, patch: channelPatch });
export type UpdateChannelInput = z.input<typeof updateChannelInput>;
export const alertIdInput = z.object({ id: uuid });

export const channelDto = z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.enum(channelTypes),
  /** Without secrets: the URL's token is replaced by ***; has_secret / has_password say what is set. */
  config: z.record(z.string(), z.unknown()),
  enabled: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ChannelDto = z.infer<typeof channelDto>;
export const channelListDto = z.object({ items: z.array(channelDto) });

export const channelTestDto = z.object({
  ok: z.boolean(),
  response_code: z.number().int().nullable(),
  error: z.string().nullable(),
  duration_ms: z.number().int(),
});
export type ChannelTestDto = z.infer<typeof channelTestDto>;

const target = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('script'), id: uuid }),
    z.object({ type: z.literal('workflow'), id: uuid }),
    z.object({ type: z.literal('tag'), tag: z.string().trim().min(1, 'must not be empty').max(100) }),
    z.object({ type: z.literal('all') }),
  ],
  { error: "target.type must be 'script' (with id), 'workflow' (with id), 'tag' (with tag) or 'all'" },
);
export type AlertTarget = z.output<typeof target>;

const ruleFields = {
  name,
  on: z
    .array(z.enum(alertEvents, { message: "must be 'failed', 'timed_out', 'recovered' or 'slow'" }))
    .min(1, 'needs at least one event')
    .max(4)
    .transform((e) => [...new Set(e)]),
  target,
  channel_ids: z
    .array(uuid)
    .min(1, 'needs at least one channel')
    .max(20)
    .transform((c) => [...new Set(c)]),
  /** At most one message per this many minutes per script or workflow; the rest are summarised. 0 = every one. */
  throttle_minutes: z.number().int().min(0).max(10_080),
  /** A run longer than this is `slow` (required when `on` has slow). */
  slow_seconds: z.number().int().min(1).max(604_800).nullable(),
  language: z.enum(alertLanguages, { message: "must be 'zh-CN' or 'en'" }),
  enabled: z.boolean(),
};

const slowNeedsThreshold = (r: { on?: string[]; slow_seconds?: number | null }, ctx: z.RefinementCtx) => {
  if (r.on?.includes('slow') && !r.slow_seconds) {
    ctx.addIssue({ code: 'custom', path: ['slow_seconds'], message: "is required when 'on' includes 'slow'" });
  }
};

export const createRuleInput = z
  .object({
    ...ruleFields,
    throttle_minutes: ruleFields.throttle_minutes.default(10),
    slow_seconds: ruleFields.slow_seconds.default(null),
    language: ruleFields.language.default('zh-CN'),
    enabled: ruleFields.enabled.default(true),
  })
  .superRefine(slowNeedsThreshold);
export type CreateRuleInput = z.input<typeof createRuleInput>;

export const rulePatch = z.object(ruleFields).partial();
export const updateRuleInput = z.object({ id: uuid, patch: rulePatch });
export type UpdateRuleInput = z.input<typeof updateRuleInput>;

export const ruleDto = z.object({
  id: z.uuid(),
  name: z.string(),
  on: z.array(z.enum(alertEvents)),
  target: z.object({
    type: z.enum(targetTypes),
    id: z.string().optional(),
    tag: z.string().optional(),
    name: z.string().optional(),
  }),
  channel_ids: z.array(z.string()),
  throttle_minutes: z.number().int(),
  slow_seconds: z.number().int().nullable(),
  language: z.enum(alertLanguages),
  enabled: z.boolean(),
  /** Whether the caller may change or delete it. */
  editable: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type RuleDto = z.infer<typeof ruleDto>;
export const ruleListQuery = z.object({
  script_id: uuid.optional(),
  workflow_id: uuid.optional(),
});
export const ruleListDto = z.object({ items: z.array(ruleDto) });

export const deliveryListQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(50),
});
export const deliveryListInput = deliveryListQuery.extend({ id: uuid });
export const deliveryDto = z.object({
  id: z.uuid(),
  channel_id: z.string().nullable(),
  channel_name: z.string(),
  channel_type: z.enum(channelTypes),
  event: z.string(),
  execution_id: z.string().nullable(),
  workflow_run_id: z.string().nullable(),
  title: z.string(),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int(),
  response_code: z.number().int().nullable(),
  error: z.string().nullable(),
  created_at: z.string(),
  finished_at: z.string().nullable(),
});
export type DeliveryDto = z.infer<typeof deliveryDto>;
export const deliveryPageDto = z.object({
  items: z.array(deliveryDto),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
  pages: z.number().int(),
});
