/**
 * The query string of every REST operation, read once here: names the operation's schema does not
 * declare are refused (400 naming them) instead of being silently ignored, and clients written
 * against the seed's FastAPI service page with `skip`/`limit`, which become `page`/`page_size` on
 * every list. Routes never see either concern.
 */
import { z } from 'zod';
import { AppError } from '@/server/errors/app-error';

/** Query names an operation declares (from the same JSON Schema the OpenAPI document shows). */
const declared = new WeakMap<z.ZodType, Set<string>>();

export function queryNames(schema: z.ZodType | undefined): Set<string> {
  if (!schema) return new Set();
  let names = declared.get(schema);
  if (!names) {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
      properties?: Record<string, unknown>;
    };
    names = new Set(Object.keys(json.properties ?? {}));
    declared.set(schema, names);
  }
  return names;
}

/** A list operation: paged with page/page_size, so skip/limit are accepted as their aliases. */
export function isPaged(schema: z.ZodType | undefined): boolean {
  const names = queryNames(schema);
  return names.has('page') && names.has('page_size') && !names.has('skip') && !names.has('limit');
}

/** The seed's aliases, for the OpenAPI document of every list operation. */
export const PAGING_ALIASES = [
  {
    name: 'skip',
    in: 'query',
    required: false,
    description:
      'Alias for clients of the earlier API: items to skip; a multiple of `limit` (page = skip / limit + 1). Not with `page`.',
    schema: { type: 'integer', minimum: 0 },
  },
  {
    name: 'limit',
    in: 'query',
    required: false,
    description: 'Alias of `page_size` for clients of the earlier API. Not with `page_size`.',
    schema: { type: 'integer', minimum: 1 },
  },
] as const;

const NON_NEGATIVE_INT = /^\d{1,9}$/;

function fail(field: string, message: string): never {
  throw new AppError('VALIDATION_ERROR', `${field}: ${message}`, { details: [{ field, message }] });
}

/** Turns skip/limit into page/page_size (in place); the page schema then checks their ranges. */
function applyPagingAliases(query: Record<string, string>): void {
  const { skip, limit } = query;
  if (limit !== undefined) {
    if ('page_size' in query) fail('query.limit', 'give either limit or page_size, not both');
    if (!NON_NEGATIVE_INT.test(limit) || Number(limit) < 1) fail('query.limit', 'expected a positive integer');
    query.page_size = limit;
    delete query.limit;
  }
  if (skip !== undefined) {
    if ('page' in query) fail('query.skip', 'give either skip or page, not both');
    if (!NON_NEGATIVE_INT.test(skip)) fail('query.skip', 'expected a non-negative integer');
    const size = Number(query.page_size ?? NaN);
    if (!Number.isInteger(size) || size < 1) fail('query.skip', 'needs limit (or page_size) beside it');
    if (Number(skip) % size !== 0)
      fail('query.skip', `must be a multiple of the page size (${size}): pages start at 0, ${size}, ${2 * size}, …`);
    query.page = String(Number(skip) / size + 1);
    delete query.skip;
  }
}

/**
 * The query as the operation's schema expects it. Public operations (webhook receivers) take
 * whatever a sender appends, since their callers are other systems we do not configure.
 */
export function readQuery(
  schema: z.ZodType | undefined,
  params: URLSearchParams,
  opts: { lenient?: boolean } = {},
): Record<string, string> {
  const query = Object.fromEntries(params);
  if (opts.lenient) return query;
  if (isPaged(schema)) applyPagingAliases(query);
  const names = queryNames(schema);
  const unknown = Object.keys(query).filter((k) => !names.has(k));
  if (unknown.length > 0) {
    const known = [...names].sort().join(', ') || 'none';
    const message = `unknown query parameter${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (this operation takes: ${known})`;
    throw new AppError('VALIDATION_ERROR', message, {
      details: unknown.map((k) => ({ field: `query.${k}`, message: 'unknown query parameter' })),
    });
  }
  return query;
}
