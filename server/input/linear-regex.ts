import { RE2 } from 're2-wasm';

/**
 * Every regular expression a user supplies (JSON Schema `pattern`, template parameter checks,
 * workflow `matches` rules, event-type wildcards) runs in RE2: matching time is linear in the
 * input, so `^(a+)+$` against `aaaa…!` answers in microseconds instead of freezing the web
 * process. RE2 has no back-references or look-around; such patterns are refused when saved.
 * Compiled patterns are cached (bounded), so a hot pattern compiles once.
 */
const cache = new Map<string, RE2>();
const CACHE_MAX = 2000;

/** RE2 works in Unicode mode only: `u` is always added. */
export function linearRegExp(pattern: string, flags = ''): RE2 {
  const f = flags.includes('u') ? flags : `${flags}u`;
  const key = `${f}/${pattern}`;
  let re = cache.get(key);
  if (!re) {
    re = new RE2(pattern, f);
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, re);
  }
  // A global/sticky RE2 keeps lastIndex between calls; reset it so a shared instance is stateless.
  re.lastIndex = 0;
  return re;
}

/** Null when RE2 accepts the pattern; else why not (syntax error, back-reference, look-around). */
export function linearPatternError(pattern: string): string | null {
  try {
    linearRegExp(pattern);
    return null;
  } catch (err) {
    return (err as Error).message.replace(/^Invalid regular expression: /, '');
  }
}

/** ajv's `code.regExp` option: `pattern` and `patternProperties` compile with RE2. */
export const ajvRegExpEngine = Object.assign((pattern: string, flags: string) => linearRegExp(pattern, flags), {
  code: 'require("re2-wasm").RE2',
});
