import type { MessageKey } from './en';
import { shellZh } from './areas/shell';
import { scriptsZh } from './areas/scripts';
import { executionsZh } from './areas/executions';

export const zh: Record<MessageKey, string> = { ...shellZh, ...scriptsZh, ...executionsZh };
