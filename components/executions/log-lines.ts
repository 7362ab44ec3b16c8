import type { LogLine, LogStream } from './execution-types';

/** One line as the viewer shows it; stored rows are output chunks, not lines. */
export interface DisplayLine {
  /** Seq of the row the line starts in plus its index there: stable while a partial line grows. */
  key: string;
  stream: LogStream;
  attempt: number;
  at: string;
  text: string;
}

/**
 * Splits stored chunks into lines. A chunk may end mid-line (pipe reads, secret masking hold-back),
 * so a line left open continues into the next chunk of the same stream and attempt; a chunk from
 * another stream closes it, as a terminal would show the interleaving.
 */
export function toDisplayLines(rows: readonly LogLine[]): DisplayLine[] {
  const out: DisplayLine[] = [];
  let open: DisplayLine | null = null;
  for (const row of rows) {
    const parts = row.text.split('\n');
    let first = 0;
    if (open && open.stream === row.stream && open.attempt === row.attempt) {
      open.text += parts[0];
      first = 1;
      if (parts.length > 1) open = null; // the continuation ended with a newline
    } else {
      open = null;
    }
    for (let i = first; i < parts.length; i++) {
      const last = i === parts.length - 1;
      if (last && parts[i] === '') break; // text ended with a newline: nothing open
      const line: DisplayLine = {
        key: `${row.seq}:${i}`,
        stream: row.stream,
        attempt: row.attempt,
        at: row.at,
        text: parts[i]!,
      };
      out.push(line);
      if (last) open = line;
    }
  }
  return out;
}
