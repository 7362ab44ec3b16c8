/**
 * PostgreSQL refuses two things a script can print or write into its result: the NUL character (in
 * `text` and in `jsonb`, even escaped as \u0000) and lone UTF-16 surrogates (JSON.stringify escapes
 * them as \udXXX, which jsonb rejects). Both become U+FFFD, the replacement character the UTF-8
 * decoder already shows for invalid bytes, so the stored text shows where they were.
 */
export const REPLACEMENT = '\uFFFD';

// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function storableText(text: string): string;
export function storableText(text: string | null): string | null;
export function storableText(text: string | null): string | null {
  if (text === null) return null;
  UNSTORABLE.lastIndex = 0;
  return UNSTORABLE.test(text) ? text.replace(UNSTORABLE, REPLACEMENT) : text;
}

/** The same for every string and key of a JSON value (a script's result). */
export function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[storableText(k)] = storableJson(v);
    return out;
  }
  return value;
}
