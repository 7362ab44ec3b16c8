import { Emitter, type NormalizedSource, type Span } from './mapped-text';

/**
 * Rewrites a shell script into the shape the shell itself would see after quote removal, so that
 * `\rm`, `'rm'`, `r"m"`, `rm -rf "/"` and `rm -rf \<newline> /` all read `rm -rf /`. Best effort:
 * it is a scanner, not a parser, and errs towards keeping text (a false alarm beats a miss).
 */
export function normalizeBash(source: string): NormalizedSource {
  const scanner = new BashScanner(source);
  scanner.scan(0, source.length, 0);
  return { norm: scanner.out.finish(), dataSpans: scanner.spans };
}

interface Heredoc {
  delimiter: string;
  stripTabs: boolean;
}

// A `#` starts a comment only at the start of a word (so `$#`, `${#x}`, `a#b` are not comments).
const WORD_BREAK = new Set([' ', '\t', '\r', '\n', ';', '&', '|', '(', ')', '<', '>']);
// Escaping these cannot change meaning, so `\rm` and `r\m` become `rm`; other escapes stay visible.
const NOISE_ESCAPE = /[\w/~.*-]/;
// A quoted string right after `sh -c`, `bash -xc`, `eval` or `exec` is code, not data.
const EXEC_CONTEXT = /(?:^|[\s;&|(`])(?:-[a-zA-Z]*c|eval|exec) ?$/;
const MAX_NESTING = 3;

class BashScanner {
  readonly out: Emitter;
  readonly spans: Span[] = [];

  constructor(private readonly src: string) {
    this.out = new Emitter(src.length);
  }

  scan(from: number, to: number, depth: number): void {
    const s = this.src;
    const pending: Heredoc[] = [];
    let i = from;
    while (i < to) {
      const c = s[i];
      if (c === '\n') {
        this.out.emit('\n', i);
        i = pending.length > 0 ? this.heredocBodies(i + 1, to, pending) : i + 1;
      } else if (c === '#' && (i === from || WORD_BREAK.has(s[i - 1] ?? ' '))) {
        while (i < to && s[i] !== '\n') i++;
      } else if (c === '\\') {
        i = this.escape(i, to);
      } else if (c === "'" || c === '"' || (c === '$' && s[i + 1] === "'")) {
        i = this.quoted(i, to, depth);
      } else if (c === '<' && s[i + 1] === '<' && s[i + 2] !== '<') {
        i = this.heredocOperator(i, to, pending);
      } else {
        this.out.emit(c ?? '', i);
        i++;
      }
    }
  }

  private escape(i: number, to: number): number {
    const s = this.src;
    const next = s[i + 1];
    if (next === undefined || i + 1 >= to) {
      this.out.emit('\\', i);
      return i + 1;
    }
    if (next === '\n') return i + 2; // line continuation
    if (next === '\r' && s[i + 2] === '\n') return i + 3;
    if (!NOISE_ESCAPE.test(next)) this.out.emit('\\', i);
    this.out.emit(next, i + 1);
    return i + 2;
  }

  private quoted(i: number, to: number, depth: number): number {
    const s = this.src;
    const ansi = s[i] === '$';
    const open = ansi ? i + 1 : i;
    const quote = s[open];
    const escapes = quote === '"' || ansi;
    let j = open + 1;
    while (j < to && s[j] !== quote) j += escapes && s[j] === '\\' ? 2 : 1;
    const contentEnd = Math.min(j, to);
    const next = j < to ? j + 1 : to;
    const content = s.slice(open + 1, contentEnd);

    if (!/\s/.test(content)) {
      // Single word: the quotes only hide the word from naive matching ('rm', "/"), drop them.
      this.emitRange(open + 1, contentEnd, escapes);
      return next;
    }
    if (depth < MAX_NESTING && EXEC_CONTEXT.test(this.out.tail(24))) {
      this.scan(open + 1, contentEnd, depth + 1);
      return next;
    }
    // Data such as echo arguments; but "$(…)" or `…` inside double quotes still executes.
    const runsSubstitution = quote === '"' && /\$\(|`/.test(content);
    const start = this.out.length;
    this.emitRange(i, next, escapes);
    if (!runsSubstitution) this.spans.push({ start, end: this.out.length });
    return next;
  }

  private emitRange(from: number, to: number, escapes: boolean): void {
    let k = from;
    while (k < to) {
      if (escapes && this.src[k] === '\\') k = this.escape(k, to);
      else {
        this.out.emit(this.src[k] ?? '', k);
        k++;
      }
    }
  }

  /** Records `<<EOF` / `<<-'EOF'` so the body is read line by line, where quotes mean nothing. */
  private heredocOperator(i: number, to: number, pending: Heredoc[]): number {
    const s = this.src;
    let k = i + 2;
    const stripTabs = s[k] === '-';
    if (stripTabs) k++;
    while (s[k] === ' ' || s[k] === '\t') k++;
    let delimiter = '';
    while (k < to && !/[\s;&|<>()]/.test(s[k] ?? ' ')) {
      const c = s[k] ?? '';
      if (c === "'" || c === '"') {
        const close = s.indexOf(c, k + 1);
        const end = close === -1 || close >= to ? to : close;
        delimiter += s.slice(k + 1, end);
        k = end + 1;
      } else {
        if (c !== '\\') delimiter += c;
        k++;
      }
    }
    k = Math.min(k, to);
    if (delimiter) pending.push({ delimiter, stripTabs });
    for (let p = i; p < k; p++) this.out.emit(s[p] ?? '', p);
    return k;
  }

  private heredocBodies(i: number, to: number, pending: Heredoc[]): number {
    const s = this.src;
    for (const doc of pending) {
      while (i < to) {
        const newline = s.indexOf('\n', i);
        const end = newline === -1 || newline > to ? to : newline;
        const line = s.slice(i, end);
        const bare = (doc.stripTabs ? line.replace(/^\t+/, '') : line).replace(/\r$/, '');
        const isTerminator = bare === doc.delimiter;
        // Bodies may be fed to a shell (bash <<EOF), so keep them as code but honour # comments.
        if (isTerminator || !/^\s*#/.test(line)) for (let p = i; p < end; p++) this.out.emit(s[p] ?? '', p);
        if (end < to) this.out.emit('\n', end);
        i = end + 1;
        if (isTerminator) break;
      }
    }
    pending.length = 0;
    return Math.min(i, to);
  }
}
