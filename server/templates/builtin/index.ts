import type { BuiltinTemplate } from './builtin-template';
import { cleanupOldRecordings } from './cleanup-old-recordings';
import { diskUsageAlert } from './disk-usage-alert';
import { httpHealthCheck } from './http-health-check';
import { jsonAggregate } from './json-aggregate';
import { pingHosts } from './ping-hosts';
import { postgresQueryToCsv } from './postgres-query-to-csv';
import { restApiJsonCheck } from './rest-api-json-check';
import { rotateCompressLogs } from './rotate-compress-logs';
import { webhookNotify } from './webhook-notify';

export type { BuiltinTemplate } from './builtin-template';

/** Every built-in template, in gallery order. Removing one here retires it at the next start-up. */
export const builtinTemplates: readonly BuiltinTemplate[] = [
  httpHealthCheck,
  diskUsageAlert,
  cleanupOldRecordings,
  restApiJsonCheck,
  postgresQueryToCsv,
  rotateCompressLogs,
  pingHosts,
  jsonAggregate,
  webhookNotify,
];
