import { router } from './init';
import { healthRouter } from './routers/health';
import { meRouter } from './routers/me';
import { setupRouter } from './routers/setup';
import { scriptsRouter } from './routers/scripts';
import { executionsRouter } from './routers/executions';

export const appRouter = router({
  health: healthRouter,
  me: meRouter,
  setup: setupRouter,
  scripts: scriptsRouter,
  executions: executionsRouter,
});

export type AppRouter = typeof appRouter;
