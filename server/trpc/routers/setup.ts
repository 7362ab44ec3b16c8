import { publicProcedure, router } from '../init';
import { createFirstAdmin, hasAnyUser } from '@/server/auth/create-first-admin';
import { setupAdminInput } from '@/server/auth/users.schema';

export const setupRouter = router({
  status: publicProcedure.query(async () => ({ needsSetup: !(await hasAnyUser()) })),
  createAdmin: publicProcedure.input(setupAdminInput).mutation(async ({ input, ctx }) => {
    const user = await createFirstAdmin({ input, meta: ctx.meta });
    return { email: user.email };
  }),
});
