import type { TestProject } from 'vitest/node';
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestServices } from '@/server/test/test-services';
import { freePort } from '@/server/infra/free-port';
import { launch } from '@/scripts/launcher';
import { startReverseProxy } from './reverse-proxy';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    appUrl: string;
    adminEmail: string;
    adminPassword: string;
    databaseUrl: string;
    redisUrl: string;
    queuePrefix: string;
  }
}

export const BASE_PATH = '/scripts';
const adminEmail = 'admin@e2e.test';
const adminPassword = 'e2e-Admin-12345';

/** A production build under a path prefix, a fresh database, the web app, a worker, and a proxy. */
export default async function setup(project: TestProject) {
  const services = await startTestServices();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vss-e2e-'));
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const launched = await launch({
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: services.databaseUrl,
      REDIS_URL: services.redisUrl,
      QUEUE_PREFIX: services.queuePrefix,
      PORT: String(port),
      HOST: '127.0.0.1',
      BASE_PATH,
      DATA_DIR: dataDir,
      SCRIPT_STORAGE_PATH: path.join(dataDir, 'runs'),
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
      AUTH_SECRET: 'e2e-secret-e2e-secret-e2e-secret',
      LOG_FILE: path.join(dataDir, 'service.log'),
      // Every spec calls from one address: the permission sweep sends ~50 wrong keys on purpose.
      API_KEY_FREE_FAILURES_PER_ADDRESS: '10000',
      // A first wait long enough that the sign-in spec sees it however slow the browser is.
      SIGNIN_BACKOFF_BASE_MS: '10000',
    },
    distDir: process.env.E2E_DIST_DIR ?? '.next-e2e', // helpers working in parallel each use their own
    stdio: process.env.E2E_VERBOSE ? 'inherit' : 'ignore',
  });
  const proxy = await startReverseProxy({ host: '127.0.0.1', port }, BASE_PATH);
  project.provide('baseUrl', `http://127.0.0.1:${proxy.port}${BASE_PATH}`);
  project.provide('appUrl', launched.url);
  project.provide('adminEmail', adminEmail);
  project.provide('adminPassword', adminPassword);
  project.provide('databaseUrl', services.databaseUrl);
  project.provide('redisUrl', services.redisUrl);
  project.provide('queuePrefix', services.queuePrefix);
  return async () => {
    await proxy.close();
    await launched.stop();
    await services.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
