import { shellEn } from './areas/shell';
import { scriptsEn } from './areas/scripts';
import { executionsEn } from './areas/executions';

/** One dictionary per UI area (areas/*.ts), merged here; English is the reference key set. */
export const en = { ...shellEn, ...scriptsEn, ...executionsEn } as const;

export type MessageKey = keyof typeof en;
