import { sql } from 'drizzle-orm';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { db } from '@/db/client';
import { env } from '@/server/env';
import { redis } from '@/server/queue/connection';

/** The installation: where this file lives (two levels up), and the process's working directory. */
const APP_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

let cached: { at: number; dirs: string[] } | undefined;

async function askPostgres(): Promise<string | null> {
  try {
    // Readable only by superusers and pg_read_all_settings members: an external database may not say.
    const { rows } = await db().execute<{ dir: string | null }>(
      sql`select current_setting('data_directory', true) as dir`,
    );
    return rows[0]?.dir ?? null;
  } catch {
    return null;
  }
}

async function askRedis(): Promise<string | null> {
  try {
    const reply = (await redis().call('CONFIG', 'GET', 'dir')) as string[];
    return reply?.[1] ?? null;
  } catch {
    return null; // CONFIG may be renamed or disabled on a managed Redis
  }
}

/**
 * Directories a host resource may neither contain nor sit in: the installation, DATA_DIR,
 * SCRIPT_STORAGE_PATH, and PostgreSQL's and Redis's data directories when they will say (the usual
 * system locations are refused by the policy anyway). Cached for a minute.
 */
export async function protectedDirs(): Promise<string[]> {
  if (cached && Date.now() - cached.at < 60_000) return cached.dirs;
  const e = env();
  const found = [
    APP_ROOT,
    process.cwd(),
    path.resolve(e.DATA_DIR),
    path.resolve(e.SCRIPT_STORAGE_PATH),
    await askPostgres(),
    await askRedis(),
  ];
  const dirs = [
    ...new Set(
      found.filter((d): d is string => typeof d === 'string' && path.isAbsolute(d)).map((d) => path.resolve(d)),
    ),
  ];
  cached = { at: Date.now(), dirs };
  return dirs;
}
