import { AppError } from '@/server/errors/app-error';
import { env } from '@/server/env';

/**
 * Limits a script may ask for are capped by the server's own configuration, which the schema
 * cannot know: a timeout above SCRIPT_TIMEOUT_MAX or a disk above SANDBOX_DISK_MB is refused here
 * rather than silently cut at run time. `prefix` names the fields as the caller sent them.
 */
export function assertWithinServerLimits(fields: { timeout?: number; disk_mb?: number | null }, prefix = ''): void {
  const e = env();
  const over: { field: string; message: string }[] = [];
  if (fields.timeout !== undefined && fields.timeout > e.SCRIPT_TIMEOUT_MAX) {
    over.push({ field: 'timeout', message: `must be at most ${e.SCRIPT_TIMEOUT_MAX} seconds` });
  }
  if (fields.disk_mb != null && fields.disk_mb > e.SANDBOX_DISK_MB) {
    over.push({ field: 'disk_mb', message: `must be at most ${e.SANDBOX_DISK_MB} MB (SANDBOX_DISK_MB)` });
  }
  if (!over.length) return;
  throw new AppError('VALIDATION_ERROR', over.map((o) => `${o.field}: ${o.message}`).join('; '), {
    details: over.map((o) => ({ field: `${prefix}${o.field}`, message: o.message })),
  });
}
