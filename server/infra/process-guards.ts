import { isDbUnavailable } from '@/db/availability';
import { isRedisUnavailable } from '@/server/errors/unavailable';
import { logger } from '@/server/log/logger';

/**
 * The last line of defence of a long-lived process (worker, web): a promise rejection nobody
 * handled is logged, never a reason to die (every known path handles its own; one that slips
 * through must not take the runs in flight with it). An uncaught exception leaves the process in an
 * unknown state: unless it is a dependency outage it is logged as fatal and `onFatal` stops the
 * process the orderly way (the worker hands its runs back).
 */
export function installProcessGuards(onFatal: (err: unknown) => void): void {
  const outage = (err: unknown) => isDbUnavailable(err) || isRedisUnavailable(err);
  process.on('unhandledRejection', (reason) => {
    if (outage(reason))
      logger().warn({ err: (reason as Error)?.message }, 'unhandled rejection during a dependency outage (ignored)');
    else logger().error({ err: reason }, 'unhandled promise rejection (a bug: please report it); the process goes on');
  });
  process.on('uncaughtException', (err) => {
    if (outage(err)) {
      logger().warn({ err: err.message }, 'uncaught exception during a dependency outage (ignored)');
      return;
    }
    logger().fatal({ err }, 'uncaught exception: stopping');
    onFatal(err);
  });
}
