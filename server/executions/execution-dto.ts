import type { executions } from '@/db/schema';
import { cleanParams } from '@/server/messages/messages.shared';
import type { ExecutionDto } from './executions.schema';

type ExecutionRow = typeof executions.$inferSelect;

export function toExecutionDto(row: ExecutionRow, scriptName: string | null = null): ExecutionDto {
  return {
    id: row.id,
    script_id: row.scriptId,
    script_name: scriptName,
    script_version: row.scriptVersion,
    trigger_type: row.triggerType,
    trigger_ref: row.triggerRef,
    status: row.status,
    input_parameters: row.inputParameters as Record<string, unknown>,
    environment_vars: row.environment as Record<string, string>, // already masked when written
    timeout: row.timeoutSeconds,
    attempt: row.attempt,
    max_attempts: row.maxAttempts,
    exit_code: row.exitCode,
    result: row.result ?? null,
    error: row.error,
    error_code: row.errorCode,
    error_params: row.errorCode ? cleanParams(row.errorParams) : null,
    worker_id: row.workerId,
    queued_at: row.queuedAt.toISOString(),
    started_at: row.startedAt?.toISOString() ?? null,
    finished_at: row.finishedAt?.toISOString() ?? null,
    duration_ms: row.durationMs,
    cpu_time_ms: row.cpuTimeMs,
    peak_memory_bytes: row.peakMemoryBytes,
    log_bytes: row.logBytes,
    log_truncated: row.logTruncated > 0,
  };
}
