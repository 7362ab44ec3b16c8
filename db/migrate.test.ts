import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { runMigrations } from './migrate';

describe('runMigrations', () => {
  it('is safe when several processes start at once', async () => {
    const url = process.env.DATABASE_URL!;
    // The global setup already migrated; five concurrent re-runs must all succeed and change nothing.
    await Promise.all([1, 2, 3, 4, 5].map(() => runMigrations(url)));
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const applied = await c.query('select count(*)::int as n from drizzle.__drizzle_migrations');
    const tables = await c.query("select count(*)::int as n from information_schema.tables where table_name = 'users'");
    await c.end();
    expect(applied.rows[0].n).toBeGreaterThanOrEqual(1);
    expect(tables.rows[0].n).toBe(1);
  });
});
