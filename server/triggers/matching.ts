import { Jexl } from 'jexl';
import { jexlSafetyErrors, plainData } from '@/server/input/safe-jexl';
import { AppError } from '@/server/errors/app-error';
import { linearRegExp } from '@/server/input/linear-regex';

/**
 * Event matching and input mapping. Expressions are jexl (a sandboxed expression language with no
 * access to functions or globals), never eval: `payload.kind == "intrusion" && payload.camera_id > 2`.
 */
const jexl = new Jexl();
type Compiled = ReturnType<InstanceType<typeof Jexl>['compile']>;
const cache = new Map<string, Compiled>();

function compiled(expr: string): Compiled {
  let c = cache.get(expr);
  if (!c) {
    c = jexl.compile(expr);
    if (cache.size > 1000) cache.clear();
    cache.set(expr, c);
  }
  return c;
}

/** Null when the expression parses and reads nothing refused (constructor, prototype, __proto__); else why not. */
export function expressionError(expr: string): string | null {
  try {
    return jexlSafetyErrors(compiled(expr)._getAst())[0] ?? null;
  } catch (err) {
    return (err as Error).message;
  }
}

export function evaluate(expr: string, context: Record<string, unknown>): unknown {
  return compiled(expr).evalSync(context);
}

const PATTERN = /^[A-Za-z0-9_:*-]+(\.[A-Za-z0-9_:*-]+)*$/;

/** Event types: `camera.alarm`. Patterns: the exact type, or `*` wildcards (`camera.*`, `*.alarm`, `*`). */
export function isValidPattern(pattern: string): boolean {
  return pattern.length <= 200 && PATTERN.test(pattern);
}

/** `*` matches any run of characters, dots included: `camera.*` matches `camera.alarm` and `camera.alarm.lost`. */
export function patternMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  // Compiled once per pattern (cached) and run in RE2: up to ~100 wildcards stay linear-time.
  return linearRegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(type);
}

export interface EventContext {
  id?: string;
  type: string;
  source: string | null;
  payload: unknown;
}

const contextOf = (e: EventContext) => {
  const payload = plainData(e.payload);
  return { type: e.type, source: e.source, payload, event: { id: e.id, type: e.type, source: e.source, payload } };
};

export type FilterResult = { matched: boolean; error: string | null };

/** A filter that throws does not match; the error is returned so the delivery can record it. */
export function filterMatches(filter: string | null, e: EventContext): FilterResult {
  if (!filter) return { matched: true, error: null };
  try {
    return { matched: Boolean(evaluate(filter, contextOf(e))), error: null };
  } catch (err) {
    return { matched: false, error: `filter failed: ${(err as Error).message}` };
  }
}

/**
 * The run's input parameters: each mapping entry is an expression over the event; without a
 * mapping, the payload's fields plus `event: {type, source, payload}`.
 */
export function buildInput(mapping: Record<string, string> | null, e: EventContext): Record<string, unknown> {
  if (!mapping || Object.keys(mapping).length === 0) {
    const fields =
      e.payload && typeof e.payload === 'object' && !Array.isArray(e.payload)
        ? (e.payload as Record<string, unknown>)
        : {};
    return { ...fields, event: { type: e.type, source: e.source, payload: e.payload } };
  }
  const ctx = contextOf(e);
  const out: Record<string, unknown> = {};
  for (const [name, expr] of Object.entries(mapping)) {
    try {
      const v = evaluate(expr, ctx);
      if (v !== undefined) out[name] = v;
    } catch (err) {
      throw new AppError('UNPROCESSABLE', `parameter_mapping.${name}: ${(err as Error).message}`, { cause: err });
    }
  }
  return out;
}
