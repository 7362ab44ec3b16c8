/**
 * How one parameter value is written into a script so that the language reads back exactly that
 * value and nothing else: Bash gets a single-quoted word, Python a literal. Callers have already
 * refused NUL (no script can hold it) and unpaired surrogates (no UTF-8 file can hold them).
 */
import type { ParameterValue } from './templates.schema';

/** `it's` → `'it'\''s'`: inside single quotes Bash interprets nothing, so only `'` needs care. */
export function bashLiteral(value: ParameterValue | null): string {
  if (value === null) return "''";
  const text = typeof value === 'string' ? value : String(value);
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/**
 * A double-quoted string literal that is valid JSON and that Python parses to the same text:
 * only the escapes both share (`\" \\ \n \r \t \b \f \uXXXX`); control characters, C1 controls and
 * line/paragraph separators are escaped so the literal stays on one line; everything else is
 * written as UTF-8. Astral characters stay literal (a JSON surrogate-pair escape would give
 * Python two separate surrogates).
 */
export function pythonString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const short = SHORT_ESCAPES[ch];
    if (short) out += short;
    else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029)
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) throw new TypeError('unpaired surrogate');
    else out += ch;
  }
  return `${out}"`;
}

export function pythonLiteral(value: ParameterValue | null): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('not a finite number');
    const text = String(value); // shortest round-trip form; Python reads it back to the same double
    return value < 0 || Object.is(value, -0) ? `(${Object.is(value, -0) ? '-0.0' : text})` : text;
  }
  return pythonString(value);
}

/** A secret parameter renders as a run-time read of the environment variable it names. */
export function secretReference(language: 'python' | 'bash', envName: string | null, osImported: boolean): string {
  if (envName === null) return language === 'bash' ? "''" : 'None';
  if (language === 'bash') return `"\${${envName}}"`;
  return `${osImported ? 'os' : '__import__("os")'}.environ[${pythonString(envName)}]`;
}

/** True when a top-level `import os` (or `import x, os`) appears before `offset`. */
export function importsOsBefore(content: string, offset: number): boolean {
  const head = content.slice(0, offset);
  for (const m of head.matchAll(/^import[ \t]+([^\n#;]+)/gm)) {
    if (m[1]!.split(',').some((part) => part.trim() === 'os')) return true;
  }
  return false;
}

export function hasUnpairedSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
