import { actorFromSession } from '@/server/session/current-actor';
import { requestMeta } from '@/server/session/request-meta';
import type { TrpcContext } from './init';

export async function createTrpcContext(req: Request): Promise<TrpcContext> {
  return { actor: await actorFromSession(), meta: requestMeta(req) };
}
