import { AppError, type FieldError } from '@/server/errors/app-error';

/**
 * PostgreSQL cannot store U+0000 in text or jsonb, nor a lone UTF-16 surrogate (jsonb refuses the
 * `\ud800` escape; text would silently turn it into U+FFFD). Such strings are refused where input
 * is parsed (REST dispatch, tRPC, webhooks), with the field named, instead of failing as a 500
 * deep inside a query.
 */
/** In `u` mode a surrogate pair is one code point, so this matches lone halves only. */
const LONE_SURROGATE = /\p{Cs}/u;

export function unstorableText(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(s)) return 'must not contain a lone UTF-16 surrogate (invalid Unicode)';
  return null;
}

const MAX_DEPTH = 256;

/** The first string (value or object key) PostgreSQL cannot store, with its dotted path. */
export function findUnstorable(value: unknown, path: string): FieldError | null {
  const stack: [unknown, string, number][] = [[value, path, 0]];
  while (stack.length) {
    const [v, p, depth] = stack.pop()!;
    if (typeof v === 'string') {
      const problem = unstorableText(v);
      if (problem) return { field: p || '(body)', message: problem };
    } else if (v !== null && typeof v === 'object') {
      if (depth > MAX_DEPTH) return { field: p || '(body)', message: `is nested deeper than ${MAX_DEPTH} levels` };
      if (v instanceof Date) continue;
      const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i]!;
        const childPath = p ? `${p}.${k}` : k;
        const keyProblem = Array.isArray(v) ? null : unstorableText(k);
        if (keyProblem) return { field: childPath, message: `key ${keyProblem}` };
        stack.push([child, childPath, depth + 1]);
      }
    }
  }
  return null;
}

/** Throws a 400 naming the field when `value` holds a string PostgreSQL cannot store. */
export function assertStorable(value: unknown, path = ''): void {
  const bad = findUnstorable(value, path);
  if (bad) throw new AppError('VALIDATION_ERROR', `${bad.field}: ${bad.message}`, { details: [bad] });
}
