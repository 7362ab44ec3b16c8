import { router } from './init';
import { healthRouter } from './routers/health';
import { meRouter } from './routers/me';
import { setupRouter } from './routers/setup';
import { scriptsRouter } from './routers/scripts';
import { executionsRouter } from './routers/executions';
import { statsRouter } from './routers/stats';
import { workflowsRouter } from './routers/workflows';
import { schedulesRouter } from './routers/schedules';
import { triggersRouter } from './routers/triggers';
import { templatesRouter } from './routers/templates';
import { hostResourcesRouter } from './routers/host-resources';
import { alertsRouter } from './routers/alerts';
import { apiKeysRouter, auditRouter, secretsRouter, usersRouter } from './routers/access';

export const appRouter = router({
  health: healthRouter,
  me: meRouter,
  setup: setupRouter,
  scripts: scriptsRouter,
  executions: executionsRouter,
  stats: statsRouter,
  users: usersRouter,
  apiKeys: apiKeysRouter,
  secrets: secretsRouter,
  audit: auditRouter,
  workflows: workflowsRouter,
  schedules: schedulesRouter,
  triggers: triggersRouter,
  templates: templatesRouter,
  hostResources: hostResourcesRouter,
  alerts: alertsRouter,
});

export type AppRouter = typeof appRouter;
