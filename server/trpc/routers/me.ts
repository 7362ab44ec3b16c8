import { protectedProcedure, router } from '../init';
import { permissionTable, roleOf } from '@/server/auth/permissions';

export const meRouter = router({
  get: protectedProcedure.query(({ ctx }) => {
    const role = roleOf(ctx.actor);
    return {
      id: ctx.actor.type === 'user' ? ctx.actor.id : null,
      email: ctx.actor.type === 'user' ? ctx.actor.email : null,
      role,
      // The UI hides controls from this list; the services enforce the same table.
      permissions: [...permissionTable[role]],
    };
  }),
});
