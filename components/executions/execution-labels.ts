import type { MessageKey } from '@/components/i18n/locale';
import type { ExecutionStatus, TriggerType } from './execution-types';

export const statusLabelKey: Record<ExecutionStatus, MessageKey> = {
  queued: 'executions.status.queued',
  running: 'executions.status.running',
  succeeded: 'executions.status.succeeded',
  failed: 'executions.status.failed',
  timed_out: 'executions.status.timed_out',
  cancelled: 'executions.status.cancelled',
};

export const triggerLabelKey: Record<TriggerType, MessageKey> = {
  manual: 'executions.trigger.manual',
  schedule: 'executions.trigger.schedule',
  event: 'executions.trigger.event',
  webhook: 'executions.trigger.webhook',
  api: 'executions.trigger.api',
  workflow: 'executions.trigger.workflow',
};

export const triggerTypeList = Object.keys(triggerLabelKey) as TriggerType[];
