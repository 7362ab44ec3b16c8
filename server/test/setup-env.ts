import { inject } from 'vitest';

// Every test file talks to the run's own database and queue prefix, set up by global-setup.ts.
process.env.DATABASE_URL = inject('databaseUrl');
process.env.REDIS_URL = inject('redisUrl');
// Each test file gets its own queues, so one file's worker never takes another file's jobs.
process.env.QUEUE_PREFIX = `${inject('queuePrefix')}${Math.random().toString(36).slice(2, 8)}`;
process.env.SCRIPT_STORAGE_PATH ??= `${process.env.TMPDIR ?? '/tmp'}/vss-test-runs`;
process.env.AUTH_SECRET ??= 'test-secret-test-secret-test-secret';
