import { AppError } from '@/server/errors/app-error';

/**
 * A zone the browser's Intl accepts but PostgreSQL's time-zone database does not know is bad input
 * (400 naming `time_zone`), not a server error.
 */
export async function withTimeZone<T>(tz: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
    const pg = e.cause ?? e;
    if (pg.code === '22023' && /time zone/i.test(pg.message ?? '')) {
      throw new AppError('VALIDATION_ERROR', `time_zone: ${tz} is not a time zone the database knows`, {
        details: [{ field: 'time_zone', message: 'unknown time zone' }],
      });
    }
    throw err;
  }
}
