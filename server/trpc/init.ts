/**
 * tRPC in three parts: context (who is calling), initialization (error shape), procedures
 * (public, protected, and permission-checked). No router can forget the session check because
 * `protectedProcedure` is the only way to reach the actor.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import { AppError, errorStatus, isUniqueViolation } from '@/server/errors/app-error';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan, type Action } from '@/server/auth/permissions';
import { logger } from '@/server/log/logger';
import { unavailableError } from '@/server/errors/unavailable';
import { assertStorable } from '@/server/input/storable-text';

// ---- 1. context
export interface TrpcContext {
  actor: Actor | null;
  meta: RequestMeta;
}

// ---- 2. initialization
const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const app = cause instanceof AppError ? cause : cause instanceof ZodError ? AppError.fromZod(cause) : null;
    return {
      ...shape,
      message: app?.message ?? shape.message,
      data: { ...shape.data, stack: undefined, appCode: app?.code ?? null, details: app?.details ?? [] },
    };
  },
});

/** Services throw AppError; this maps it once to the tRPC code from the shared table. */
const errorMapping = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (result.ok) return result;
  const err = result.error;
  const cause = err.cause;
  if (cause instanceof AppError) {
    throw new TRPCError({ code: errorStatus[cause.code].trpc, message: cause.message, cause });
  }
  const unavailable = unavailableError(cause);
  if (unavailable)
    throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: unavailable.message, cause: unavailable });
  if (isUniqueViolation(cause)) {
    throw new TRPCError({
      code: 'CONFLICT',
      message: 'already exists',
      cause: new AppError('CONFLICT', 'already exists'),
    });
  }
  if (err.code === 'INTERNAL_SERVER_ERROR') logger().error({ err: cause ?? err, path }, 'trpc procedure failed');
  return result;
});

/**
 * Strings PostgreSQL cannot store (NUL, lone surrogates) are refused for every procedure before its
 * schema runs, with the same 400 and field name as REST.
 */
const storableInput = t.middleware(async ({ next, getRawInput }) => {
  assertStorable(await getRawInput());
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

// ---- 3. procedures
export const publicProcedure = t.procedure.use(errorMapping).use(storableInput);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first' });
  return next({ ctx: { actor: ctx.actor, meta: ctx.meta } });
});

/** A procedure that also checks the permission table before the resolver runs. */
export const allowed = (action: Action) =>
  protectedProcedure.use(({ ctx, next }) => {
    assertCan(ctx.actor, action);
    return next();
  });
