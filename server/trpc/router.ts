import { router } from './init';
import { healthRouter } from './routers/health';
import { meRouter } from './routers/me';
import { setupRouter } from './routers/setup';
import { scriptsRouter } from './routers/scripts';
import { executionsRouter } from './routers/executions';
import { apiKeysRouter, auditRouter, secretsRouter, usersRouter } from './routers/access';

export const appRouter = router({
  health: healthRouter,
  me: meRouter,
  setup: setupRouter,
  scripts: scriptsRouter,
  executions: executionsRouter,
  users: usersRouter,
  apiKeys: apiKeysRouter,
  secrets: secretsRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
