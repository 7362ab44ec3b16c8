import { ZodError } from 'zod';
import { AppError, errorStatus, isUniqueViolation } from '@/server/errors/app-error';
import { logger } from '@/server/log/logger';
import { unavailableError } from '@/server/errors/unavailable';

/** The one REST error shape: {"error":{"code","message","details":[{field,message}]}}. */
export function httpErrorResponse(err: unknown): Response {
  let app: AppError;
  if (err instanceof AppError) app = err;
  else if (err instanceof ZodError) app = AppError.fromZod(err);
  else if (isUniqueViolation(err)) app = new AppError('CONFLICT', 'already exists');
  else if (unavailableError(err)) {
    app = unavailableError(err)!;
    logger().warn({ err: (err as Error).message }, 'REST request refused: a dependency is unreachable');
  } else {
    logger().error({ err }, 'unhandled error in REST handler');
    app = new AppError('INTERNAL', 'internal error');
  }
  const headers: Record<string, string> = {};
  if (app.retryAfterSeconds) headers['retry-after'] = String(app.retryAfterSeconds);
  return Response.json(
    { error: { code: app.code, message: app.message, details: app.details } },
    { status: errorStatus[app.code].http, headers },
  );
}
