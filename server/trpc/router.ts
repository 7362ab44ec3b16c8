import { router } from './init';
import { healthRouter } from './routers/health';
import { meRouter } from './routers/me';
import { setupRouter } from './routers/setup';

export const appRouter = router({
  health: healthRouter,
  me: meRouter,
  setup: setupRouter,
});

export type AppRouter = typeof appRouter;
