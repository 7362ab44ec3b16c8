// UI words around messages the server sends as codes (server/messages renders the messages themselves).
export const serverMessagesEn = {
  'messages.validation.syntaxLabel': 'syntax',
  'messages.audit.entity.script': 'Script',
  'messages.audit.entity.execution': 'Execution',
  'messages.audit.entity.user': 'User',
  'messages.audit.entity.api_key': 'API key',
  'messages.audit.entity.secret': 'Secret',
  'messages.audit.entity.workflow': 'Workflow',
  'messages.audit.entity.schedule': 'Schedule',
  'messages.audit.entity.trigger': 'Trigger',
  'messages.audit.entity.template': 'Template',
  'messages.audit.entity.event': 'Event',
  'messages.audit.entity.host_resource': 'Host resource',
};

export const serverMessagesZh: Record<keyof typeof serverMessagesEn, string> = {
  'messages.validation.syntaxLabel': '语法',
  'messages.audit.entity.script': '脚本',
  'messages.audit.entity.execution': '执行',
  'messages.audit.entity.user': '用户',
  'messages.audit.entity.api_key': 'API 密钥',
  'messages.audit.entity.secret': '密钥',
  'messages.audit.entity.workflow': '工作流',
  'messages.audit.entity.schedule': '定时任务',
  'messages.audit.entity.trigger': '触发器',
  'messages.audit.entity.template': '模板',
  'messages.audit.entity.event': '事件',
  'messages.audit.entity.host_resource': '主机资源',
};
