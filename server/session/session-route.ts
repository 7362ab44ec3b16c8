import type { Actor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { httpErrorResponse } from '@/server/rest/http-error';
import { actorFromSession } from './current-actor';

/**
 * A route handler for the UI's own non-tRPC endpoints (downloads, server-sent events): the session
 * check, its 401 and the error shape in one place, so no handler can forget them.
 */
export function sessionRoute<Ctx = unknown>(handler: (actor: Actor, req: Request, ctx: Ctx) => Promise<Response>) {
  return async (req: Request, ctx: Ctx): Promise<Response> => {
    try {
      const actor = await actorFromSession();
      if (!actor) throw new AppError('UNAUTHORIZED', 'sign in first');
      return await handler(actor, req, ctx);
    } catch (err) {
      return httpErrorResponse(err);
    }
  };
}
