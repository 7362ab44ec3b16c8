/** Names of enumerated values the server answers (statuses, run triggers), for nesting in other messages. */
export const nameMessages = {
  'status.script.draft': { en: 'draft', zh: '草稿' },
  'status.script.active': { en: 'active', zh: '已启用' },
  'status.script.disabled': { en: 'disabled', zh: '已停用' },
  'status.script.archived': { en: 'archived', zh: '已归档' },
  'trigger.manual': { en: 'manual', zh: '手动' },
  'trigger.schedule': { en: 'schedule', zh: '定时' },
  'trigger.event': { en: 'event', zh: '事件' },
  'trigger.webhook': { en: 'webhook', zh: 'Webhook 回调' },
  'trigger.api': { en: 'api', zh: 'API 调用' },
  'trigger.workflow': { en: 'workflow', zh: '工作流' },
} as const;
