import { z } from 'zod';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { env } from '@/server/env';
import { requestMeta } from '@/server/session/request-meta';
import { clientAddress } from '@/server/session/client-address';
import { assertStorable } from '@/server/input/storable-text';
import { httpErrorResponse } from './http-error';
import { readBodyLimited } from '@/server/input/read-body';
import { readQuery } from './query-params';
import { authenticateRequest } from './authenticate-request';
import { collectServerTiming, timed } from '@/server/log/server-timing';
import { matchRoute } from './registry';
import { observeHttp } from '@/server/stats/metrics';

function presentedKey(req: Request): string | null {
  const auth = req.headers.get('authorization');
  if (auth?.toLowerCase().startsWith('bearer ')) return auth.slice(7).trim();
  return req.headers.get('x-api-key')?.trim() || null;
}

async function readJsonBody(req: Request): Promise<unknown> {
  const raw = await readBodyLimited(req);
  if (raw.trim() === '') return {};
  const type = req.headers.get('content-type') ?? 'application/json';
  if (!type.includes('json'))
    throw new AppError('VALIDATION_ERROR', `expected Content-Type application/json, got ${type}`);
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new AppError('VALIDATION_ERROR', `request body is not valid JSON: ${(err as Error).message}`, {
      details: [{ field: '(body)', message: 'invalid JSON' }],
    });
  }
}

function parsePart<T extends z.ZodType | undefined>(schema: T, value: unknown, part: string): unknown {
  if (!schema) return undefined;
  // Strings PostgreSQL cannot store are refused here, for every operation, before any schema runs.
  assertStorable(value, part === 'body' ? '' : part);
  const r = schema.safeParse(value);
  if (!r.success) throw AppError.fromZod(r.error, part === 'body' ? '' : part);
  return r.data;
}

/**
 * The whole REST transport: route, authenticate (API key), rate-limit, parse with the operation's
 * zod schemas, call the service, and answer JSON or the one error shape. No business rule lives here.
 */
export function dispatchRest(req: Request, path: string): Promise<Response> {
  const m = matchRoute(req.method, path); // the route template labels the duration metric
  const labels = {
    surface: 'rest' as const,
    method: req.method,
    route: m && 'route' in m ? m.route.path : 'unmatched',
  };
  if (!env().SERVER_TIMING) return observeHttp(labels, () => dispatch(req, path));
  return observeHttp(labels, async () => {
    const { result, header } = await collectServerTiming(() => dispatch(req, path));
    result.headers.set('server-timing', header);
    return result;
  });
}

async function dispatch(req: Request, path: string): Promise<Response> {
  try {
    const match = matchRoute(req.method, path);
    if (!match) throw new AppError('NOT_FOUND', `no such endpoint: ${req.method} ${path}`);
    if ('methodNotAllowed' in match) {
      return Response.json(
        {
          error: {
            code: 'METHOD_NOT_ALLOWED',
            message: `${req.method} is not allowed here; use ${match.methodNotAllowed.join(', ')}`,
            details: [],
          },
        },
        { status: 405, headers: { allow: match.methodNotAllowed.join(', ') } },
      );
    }
    const { route } = match;
    let actor: Actor | undefined; // stays undefined only for public routes, whose handlers take none
    if (!route.public) {
      const key = presentedKey(req);
      if (!key) throw new AppError('UNAUTHORIZED', 'missing API key: send Authorization: Bearer <key> or X-API-Key');
      // Wrong keys are counted per client address; past the free ones, that address waits (429)
      // before any key is checked again. Other addresses are not slowed. Right keys are rate-limited.
      actor = await timed('auth', () => authenticateRequest(key, clientAddress(req.headers)));
    }

    // Refuse before parsing, as tRPC's allowed() does: a refused caller learns nothing about the input rules.
    if (route.permission && actor) assertCan(actor, route.permission);
    const url = new URL(req.url);
    const params = parsePart(route.params, match.params, 'path');
    const query = parsePart(route.query, readQuery(route.query, url.searchParams, { lenient: route.public }), 'query');
    const body = route.body ? parsePart(route.body, await timed('body', () => readJsonBody(req)), 'body') : undefined;
    const result = await route.handler({
      actor: actor!,
      params,
      query,
      body,
      meta: requestMeta(req),
      signal: req.signal,
      request: req,
    });
    if (result instanceof Response) return result;
    return Response.json(result, { status: route.status ?? 200 });
  } catch (err) {
    return httpErrorResponse(err);
  }
}
