import { Emitter, type NormalizedSource } from './mapped-text';

/** A string literal in normalised coordinates. */
export interface PyString {
  readonly start: number;
  readonly end: number;
  readonly contentStart: number;
  readonly contentEnd: number;
  readonly raw: boolean;
}

export interface NormalizedPython extends NormalizedSource {
  readonly strings: readonly PyString[];
}

/**
 * Drops comments and explicit line continuations and collapses spaces, keeping string literals
 * intact: dangerous calls are matched in code only, and the literals feed the shell-command check.
 */
export function normalizePython(source: string): NormalizedPython {
  const out = new Emitter(source.length);
  const strings: PyString[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] ?? '';
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '\\' && source[i + 1] === '\n') {
      i += 2;
    } else if (c === '\\' && source[i + 1] === '\r' && source[i + 2] === '\n') {
      i += 3;
    } else if (c === '"' || c === "'") {
      i = readString(source, i, out, strings);
    } else {
      out.emit(c, i);
      i++;
    }
  }
  return { norm: out.finish(), dataSpans: strings, strings };
}

function readString(source: string, i: number, out: Emitter, strings: PyString[]): number {
  const c = source[i] ?? '';
  const quote = source.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
  const triple = quote.length === 3;
  const start = out.length;
  for (let k = 0; k < quote.length; k++) out.emit(c, i + k);
  const contentStart = out.length;
  let j = i + quote.length;
  while (j < source.length) {
    const ch = source[j] ?? '';
    if (ch === '\\' && j + 1 < source.length) {
      // Backslash never ends a literal, even in raw strings (r'\'' is one string).
      out.emit(ch, j);
      out.emit(source[j + 1] ?? '', j + 1);
      j += 2;
      continue;
    }
    if (source.startsWith(quote, j)) break;
    if (!triple && ch === '\n') break; // unterminated; the syntax check reports it
    out.emit(ch, j);
    j++;
  }
  const contentEnd = out.length;
  if (source.startsWith(quote, j)) {
    for (let k = 0; k < quote.length; k++) out.emit(c, j + k);
    j += quote.length;
  }
  strings.push({ start, end: out.length, contentStart, contentEnd, raw: isRaw(source, i) });
  return j;
}

function isRaw(source: string, quoteIndex: number): boolean {
  let p = quoteIndex;
  while (p > 0 && /[rRbBuUfF]/.test(source[p - 1] ?? '')) p--;
  const prefix = source.slice(p, quoteIndex);
  const standalone = p === 0 || !/\w/.test(source[p - 1] ?? '');
  return standalone && prefix.length <= 2 && /r/i.test(prefix);
}

export function literalValue(text: string, literal: PyString): string {
  const body = text.slice(literal.contentStart, literal.contentEnd);
  if (literal.raw) return body;
  return body.replace(/\\([\s\S])/g, (_match, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch));
}
