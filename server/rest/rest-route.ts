import type { z } from 'zod';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import type { Action } from '@/server/auth/permissions';

type AnyZod = z.ZodType;

export interface RestContext<P, Q, B> {
  actor: Actor;
  params: P;
  query: Q;
  body: B;
  meta: RequestMeta;
  signal: AbortSignal;
  /** The raw request, for handlers that must read the body themselves (webhook signatures). */
  request: Request;
}

/**
 * One REST operation: its OpenAPI description and its handler come from the same object, and its
 * input schemas are the same zod schemas the tRPC procedures use.
 */
export interface RestRoute<P extends AnyZod = AnyZod, Q extends AnyZod = AnyZod, B extends AnyZod = AnyZod> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string; // OpenAPI style: /api/v1/scripts/{id}
  summary: string;
  tag: string;
  /** The permission the service checks; listed in the document. */
  permission?: Action;
  params?: P;
  query?: Q;
  body?: B;
  response: AnyZod;
  status?: number;
  /** Extra documented responses such as text/event-stream. */
  streams?: boolean;
  /** No API key: the handler authenticates the caller itself (webhook tokens). See definePublicRoute. */
  public?: boolean;
  handler(ctx: RestContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<unknown>;
}

export function defineRoute<P extends AnyZod, Q extends AnyZod, B extends AnyZod>(r: RestRoute<P, Q, B>): RestRoute {
  return r as unknown as RestRoute;
}

/** A route reached without an API key: its handler gets no actor and must check its own credential. */
export function definePublicRoute<P extends AnyZod, Q extends AnyZod>(
  r: Omit<RestRoute<P, Q>, 'handler' | 'permission' | 'public' | 'body'> & {
    handler(ctx: Omit<RestContext<z.output<P>, z.output<Q>, undefined>, 'actor'>): Promise<unknown>;
  },
): RestRoute {
  return { ...r, public: true } as unknown as RestRoute;
}
