/**
 * Finds `{{name}}` placeholders in a template and says, for each, in which lexical context of the
 * script it stands. A value can only be rendered safely where the language expects a bare value
 * ("code"): inside a string, comment, here-document, `${...}` or backticks a quoted literal would be
 * re-interpreted (`"{{x}}"` with a value containing `"` or `$(...)` would break out). The scanners
 * are deliberately small: they know quotes, comments, escapes, here-documents and nesting, which is
 * what decides where a literal may go; unusual constructs err towards refusing a placeholder.
 */
export type PlaceholderContext =
  'code' | 'string' | 'comment' | 'heredoc' | 'expansion' | 'backtick' | 'escaped' | 'adjacent';

export interface PlaceholderSite {
  name: string;
  start: number;
  end: number;
  /** 1-based. */
  line: number;
  context: PlaceholderContext;
}

export const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

const CODE = 0;
const STRING = 1;
const COMMENT = 2;
const HEREDOC = 3;
const EXPANSION = 4;
const BACKTICK = 5;
const ESCAPED = 6;
const contextNames: PlaceholderContext[] = ['code', 'string', 'comment', 'heredoc', 'expansion', 'backtick', 'escaped'];

export function findPlaceholders(content: string, language: 'python' | 'bash'): PlaceholderSite[] {
  const ctx = language === 'bash' ? bashContexts(content) : pythonContexts(content);
  const sites: PlaceholderSite[] = [];
  let line = 1;
  let lineFrom = 0;
  for (const m of content.matchAll(PLACEHOLDER)) {
    const start = m.index;
    for (let i = lineFrom; i < start; i++) if (content.charCodeAt(i) === 10) line++;
    lineFrom = start;
    let context = contextNames[ctx[start]!]!;
    const before = start > 0 ? content[start - 1]! : '';
    // `f{{x}}` would make the literal an f-string; `${{x}}`/`$'…'` would change bash quoting.
    if (
      context === 'code' &&
      ((language === 'python' && /[A-Za-z0-9_]/.test(before)) || (language === 'bash' && before === '$'))
    )
      context = 'adjacent';
    sites.push({ name: m[1]!, start, end: start + m[0].length, line, context });
  }
  return sites;
}

export function describeContext(context: PlaceholderContext, language: 'python' | 'bash'): string {
  switch (context) {
    case 'code':
      return 'is used as a value';
    case 'string':
      return `is inside a string literal, where a value cannot be quoted safely; use it as a bare value (e.g. ${language === 'bash' ? 'NAME={{name}}' : 'name = {{name}}'}) and refer to the variable`;
    case 'comment':
      return 'is inside a comment, where a value with a line break could escape it';
    case 'heredoc':
      return 'is inside a here-document (or is its delimiter); assign it to a variable first';
    case 'expansion':
      return 'is inside ${...}; assign it to a variable first';
    case 'backtick':
      return 'is inside backticks; use $(...) instead';
    case 'escaped':
      return 'follows a backslash, which would change its quoting';
    case 'adjacent':
      return language === 'python'
        ? 'directly follows a name or number (a string prefix such as f or r would change its meaning); put a space or operator before it'
        : 'directly follows $, which would change its quoting';
  }
}

// ---------------------------------------------------------------- bash

type BashFrame = { kind: 'code' | 'dq' | 'paren' | 'brace' | 'backtick'; depth: number };

function bashContexts(s: string): Uint8Array {
  const n = s.length;
  const ctx = new Uint8Array(n);
  const stack: BashFrame[] = [{ kind: 'code', depth: 0 }];
  const pending: { delim: string; strip: boolean }[] = [];
  const top = () => stack[stack.length - 1]!;
  const inBacktick = () => stack.some((f) => f.kind === 'backtick');
  const codeCtx = () => (inBacktick() ? BACKTICK : CODE);
  const mark = (from: number, to: number, c: number) => ctx.fill(c, from, Math.min(to, n));
  const atWordStart = (i: number) => i === 0 || /[\s;&|()<>]/.test(s[i - 1]!);

  /** Scans '…' from the opening quote; returns the index after the closing one. */
  const singleQuoted = (i: number, c: number) => {
    const close = s.indexOf("'", i + 1);
    const end = close < 0 ? n : close + 1;
    mark(i, end, c);
    return end;
  };
  /** $'…' with backslash escapes. */
  const ansiC = (i: number, c: number) => {
    let j = i + 2;
    while (j < n && s[j] !== "'") j += s[j] === '\\' ? 2 : 1;
    const end = Math.min(j + 1, n);
    mark(i, end, c);
    return end;
  };
  /** After the newline that ends a line with `<<` operators: their bodies, in order. */
  const heredocBodies = (i: number) => {
    while (pending.length && i < n) {
      const { delim, strip } = pending.shift()!;
      for (;;) {
        if (i >= n) break;
        const eol = s.indexOf('\n', i);
        const lineEnd = eol < 0 ? n : eol;
        const text = s.slice(i, lineEnd);
        const next = eol < 0 ? n : eol + 1;
        mark(i, next, HEREDOC);
        i = next;
        if ((strip ? text.replace(/^\t+/, '') : text) === delim) break;
      }
    }
    return i;
  };

  let i = 0;
  while (i < n) {
    const f = top();
    const c = s[i]!;
    const next = s[i + 1];
    if (f.kind === 'dq') {
      if (c === '\\') {
        mark(i, i + 2, STRING);
        i += 2;
      } else if (c === '"') {
        ctx[i++] = STRING;
        stack.pop();
      } else if (c === '$' && next === '(') {
        mark(i, i + 2, STRING);
        stack.push({ kind: 'paren', depth: 1 });
        i += 2;
      } else if (c === '$' && next === '{') {
        mark(i, i + 2, EXPANSION);
        stack.push({ kind: 'brace', depth: 1 });
        i += 2;
      } else if (c === '`') {
        ctx[i++] = BACKTICK;
        stack.push({ kind: 'backtick', depth: 0 });
      } else {
        ctx[i++] = STRING;
      }
      continue;
    }
    if (f.kind === 'brace') {
      if (c === '\\') {
        mark(i, i + 2, EXPANSION);
        i += 2;
      } else if (c === "'") {
        i = singleQuoted(i, EXPANSION);
      } else if (c === '"') {
        ctx[i++] = EXPANSION;
        stack.push({ kind: 'dq', depth: 0 });
      } else if (c === '$' && next === '(') {
        mark(i, i + 2, EXPANSION);
        stack.push({ kind: 'paren', depth: 1 });
        i += 2;
      } else {
        if (c === '{') f.depth++;
        if (c === '}' && --f.depth === 0) stack.pop();
        ctx[i++] = EXPANSION;
      }
      continue;
    }
    // code, paren (command substitution) and backtick frames share the command syntax
    const base = f.kind === 'backtick' ? BACKTICK : codeCtx();
    if (c === '\\') {
      ctx[i] = base;
      if (i + 1 < n) ctx[i + 1] = ESCAPED;
      i += 2;
    } else if (c === '\n') {
      ctx[i++] = base;
      if (pending.length) i = heredocBodies(i);
    } else if (c === '#' && atWordStart(i)) {
      const eol = s.indexOf('\n', i);
      const end = eol < 0 ? n : eol;
      mark(i, end, COMMENT);
      i = end;
    } else if (c === "'") {
      i = singleQuoted(i, STRING);
    } else if (c === '$' && next === "'") {
      i = ansiC(i, STRING);
    } else if (c === '"') {
      ctx[i++] = STRING;
      stack.push({ kind: 'dq', depth: 0 });
    } else if (c === '$' && next === '(') {
      mark(i, i + 2, base);
      stack.push({ kind: 'paren', depth: 1 });
      i += 2;
    } else if (c === '$' && next === '{') {
      ctx[i] = base;
      ctx[i + 1] = EXPANSION;
      stack.push({ kind: 'brace', depth: 1 });
      i += 2;
    } else if (c === '`') {
      ctx[i++] = BACKTICK;
      if (f.kind === 'backtick') stack.pop();
      else stack.push({ kind: 'backtick', depth: 0 });
    } else if (c === '<' && next === '<' && s[i + 2] !== '<') {
      const m = /^<<(-?)[ \t]*(?:'([^'\n]*)'|"([^"\n]*)"|\\?([^\s;&|()<>'"]+))/.exec(s.slice(i, i + 300));
      if (m) {
        const delim = m[2] ?? m[3] ?? m[4] ?? '';
        pending.push({ delim, strip: m[1] === '-' });
        const opLen = 2 + m[1]!.length;
        mark(i, i + opLen, base);
        mark(i + opLen, i + m[0].length, HEREDOC); // the delimiter word itself
        i += m[0].length;
      } else {
        mark(i, i + 2, base);
        i += 2;
      }
    } else {
      if (f.kind === 'paren') {
        if (c === '(') f.depth++;
        if (c === ')' && --f.depth === 0) stack.pop();
      }
      ctx[i++] = base;
    }
  }
  return ctx;
}

// ---------------------------------------------------------------- python

function pythonContexts(s: string): Uint8Array {
  const n = s.length;
  const ctx = new Uint8Array(n);
  let i = 0;
  while (i < n) {
    const c = s[i]!;
    if (c === '#') {
      const eol = s.indexOf('\n', i);
      const end = eol < 0 ? n : eol;
      ctx.fill(COMMENT, i, end);
      i = end;
      continue;
    }
    if (c === '"' || c === "'") {
      // Prefixes (r, b, f, …) are letters before the quote; the string itself starts here.
      const quote = s.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      let j = i + quote.length;
      for (;;) {
        if (j >= n) break;
        if (s[j] === '\\') {
          j += 2; // in raw strings too, a backslash keeps the next quote from ending the string
          continue;
        }
        if (quote.length === 1 && s[j] === '\n') break;
        if (s.startsWith(quote, j)) {
          j += quote.length;
          break;
        }
        j++;
      }
      const end = Math.min(j, n);
      ctx.fill(STRING, i, end);
      i = end;
      continue;
    }
    ctx[i++] = CODE;
  }
  return ctx;
}
