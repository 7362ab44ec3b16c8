import type { MessageKey } from './en';
import { shellZh } from './areas/shell';
import { scriptsZh } from './areas/scripts';
import { executionsZh } from './areas/executions';
import { settingsZh } from './areas/settings';
import { workflowsZh } from './areas/workflows';
import { schedulesZh } from './areas/schedules';
import { triggersZh } from './areas/triggers';
import { templatesZh } from './areas/templates';
import { dashboardZh } from './areas/dashboard';
import { hostResourcesZh } from './areas/host-resources';
import { alertsZh } from './areas/alerts';
import { serverMessagesZh } from './areas/server-messages';

export const zh: Record<MessageKey, string> = {
  ...shellZh,
  ...scriptsZh,
  ...executionsZh,
  ...settingsZh,
  ...workflowsZh,
  ...schedulesZh,
  ...triggersZh,
  ...templatesZh,
  ...dashboardZh,
  ...hostResourcesZh,
  ...alertsZh,
  ...serverMessagesZh,
};
