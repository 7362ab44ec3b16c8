import { shellEn } from './areas/shell';
import { scriptsEn } from './areas/scripts';
import { executionsEn } from './areas/executions';
import { settingsEn } from './areas/settings';
import { workflowsEn } from './areas/workflows';
import { schedulesEn } from './areas/schedules';
import { triggersEn } from './areas/triggers';
import { templatesEn } from './areas/templates';
import { dashboardEn } from './areas/dashboard';
import { hostResourcesEn } from './areas/host-resources';
import { alertsEn } from './areas/alerts';
import { serverMessagesEn } from './areas/server-messages';

/** One dictionary per UI area (areas/*.ts), merged here; English is the reference key set. */
export const en = {
  ...shellEn,
  ...scriptsEn,
  ...executionsEn,
  ...settingsEn,
  ...workflowsEn,
  ...schedulesEn,
  ...triggersEn,
  ...templatesEn,
  ...dashboardEn,
  ...hostResourcesEn,
  ...alertsEn,
  ...serverMessagesEn,
} as const;

export type MessageKey = keyof typeof en;
