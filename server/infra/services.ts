import { startEmbeddedPostgres } from './embedded-postgres';
import { startEmbeddedRedis } from './embedded-redis';

export interface Services {
  databaseUrl: string;
  redisUrl: string;
  embedded: { postgres: boolean; redis: boolean };
  stop(): Promise<void>;
}

/**
 * Given URLs are used as they are; a missing one is replaced by an embedded PostgreSQL or a private
 * redis-server whose data lives under dataDir. `npm start` and the test run both come through here.
 */
export async function ensureServices(opts: {
  dataDir: string;
  databaseUrl?: string;
  redisUrl?: string;
  database?: string;
}): Promise<Services> {
  const stops: (() => Promise<void>)[] = [];
  try {
    let databaseUrl = opts.databaseUrl;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres(opts.dataDir, opts.database);
      stops.push(pg.stop);
      databaseUrl = pg.url;
    }
    let redisUrl = opts.redisUrl;
    if (!redisUrl) {
      const r = await startEmbeddedRedis(opts.dataDir);
      stops.push(r.stop);
      redisUrl = r.url;
    }
    return {
      databaseUrl,
      redisUrl,
      embedded: { postgres: !opts.databaseUrl, redis: !opts.redisUrl },
      stop: async () => {
        for (const s of stops.reverse()) await s().catch(() => undefined);
      },
    };
  } catch (err) {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    throw err;
  }
}
