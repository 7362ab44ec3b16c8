/** The alerts' closed lists: client-safe (the channel and rule forms offer them). */
export const channelTypes = ['webhook', 'dingtalk', 'wecom', 'feishu', 'email'] as const;
export type ChannelType = (typeof channelTypes)[number];
export const alertEvents = ['failed', 'timed_out', 'recovered', 'slow'] as const;
export type AlertEvent = (typeof alertEvents)[number];
export const targetTypes = ['script', 'workflow', 'tag', 'all'] as const;
export const alertLanguages = ['zh-CN', 'en'] as const;
export type AlertLanguage = (typeof alertLanguages)[number];
