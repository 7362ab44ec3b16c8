/**
 * Normalised text that remembers where each character came from, so findings made on the
 * normalised form can be reported at the operator's original line and column.
 */
export interface MappedText {
  readonly text: string;
  /** map[i] is the original offset of text[i]; map[text.length] is the original length. */
  readonly map: readonly number[];
}

/** Half-open range [start, end) in normalised coordinates. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface NormalizedSource {
  readonly norm: MappedText;
  /** Quoted text that is only ever data (echo arguments, Python strings): never a match start. */
  readonly dataSpans: readonly Span[];
}

const COLLAPSIBLE = /[ \t\r\f\v]/;

/** Builds a MappedText; whitespace runs collapse to one space so rules need not care about spacing. */
export class Emitter {
  private readonly chars: string[] = [];
  private readonly offsets: number[] = [];

  constructor(private readonly originalLength: number) {}

  get length(): number {
    return this.chars.length;
  }

  emit(ch: string, origin: number): void {
    if (COLLAPSIBLE.test(ch)) {
      if (this.chars[this.chars.length - 1] === ' ') return;
      this.chars.push(' ');
    } else {
      this.chars.push(ch);
    }
    this.offsets.push(origin);
  }

  tail(count: number): string {
    return this.chars.slice(-count).join('');
  }

  finish(): MappedText {
    return { text: this.chars.join(''), map: [...this.offsets, this.originalLength] };
  }
}

export function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export function positionAt(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}

/** Spans are emitted in order and never overlap, so a binary search is enough. */
export function insideSpans(spans: readonly Span[], index: number): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const span = spans[mid];
    if (!span) return false;
    if (index < span.start) hi = mid - 1;
    else if (index >= span.end) lo = mid + 1;
    else return true;
  }
  return false;
}
