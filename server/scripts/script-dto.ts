import type { scripts } from '@/db/schema';
import type { ScriptDto } from './scripts.schema';

type ScriptRow = typeof scripts.$inferSelect;

export function toScriptDto(row: ScriptRow, lastExecution?: ScriptDto['last_execution']): ScriptDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    category: row.category,
    tags: row.tags,
    language: row.language,
    status: row.status,
    timeout: row.timeoutSeconds,
    max_retries: row.maxRetries,
    retry_backoff: row.retryBackoff,
    retry_delay_seconds: row.retryDelaySeconds,
    allow_network: row.allowNetwork,
    retry_on_worker_loss: row.retryOnWorkerLoss,
    max_concurrency: row.maxConcurrency,
    disk_mb: row.diskMb,
    parameters_schema: (row.parametersSchema as Record<string, unknown> | null) ?? null,
    content: row.content,
    version: row.currentVersion,
    owner_id: row.ownerId,
    validation: row.validation ?? null,
    last_execution: lastExecution ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
