/** Fields with their own control in the metadata panel; server details for them show inline. */
export const FORM_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'description',
  'category',
  'tags',
  'language',
  'status',
  'timeout',
  'max_retries',
  'retry_backoff',
  'retry_delay_seconds',
  'allow_network',
  'retry_on_worker_loss',
  'disk_mb',
  'parameters_schema',
  'message',
]);
