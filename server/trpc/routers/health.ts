import { publicProcedure, router } from '../init';
import { checkReadiness } from '@/server/health/check-readiness';

export const healthRouter = router({
  check: publicProcedure.query(() => ({ status: 'ok' as const, time: new Date().toISOString() })),
  ready: publicProcedure.query(() => checkReadiness()),
});
