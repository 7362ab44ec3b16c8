export interface SyntaxIssue {
  line: number;
  column: number;
  message: string;
  severity: 'error';
}

export function timeoutIssue(timeoutMs: number): SyntaxIssue {
  return { line: 1, column: 1, message: `Syntax validation timed out after ${timeoutMs} ms`, severity: 'error' };
}

/** Parsers report end-of-file errors one line past the end; point at the last real line instead. */
export function clampLine(line: number, content: string): number {
  const lines = content.split('\n');
  const count = lines[lines.length - 1] === '' ? Math.max(1, lines.length - 1) : lines.length;
  return Math.min(Math.max(1, Math.trunc(line)), count);
}
