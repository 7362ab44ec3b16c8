import { coded, type MessageCode, type MessageParams } from '@/server/messages/messages.shared';

export interface SyntaxIssue {
  line: number;
  column: number;
  /** `syntax.error` (the interpreter's text as `detail`), `syntax.python_error` or `syntax.timeout`. */
  code: MessageCode;
  params: MessageParams;
  /** English: the interpreter's own text, as before codes existed. */
  message: string;
  severity: 'error';
}

export function syntaxIssue(line: number, column: number, detail: string, kind?: string): SyntaxIssue {
  const text = kind ? coded('syntax.python_error', { kind, detail }) : coded('syntax.error', { detail });
  return { line, column, ...text, severity: 'error' };
}

export function timeoutIssue(timeoutMs: number): SyntaxIssue {
  return { line: 1, column: 1, ...coded('syntax.timeout', { ms: timeoutMs }), severity: 'error' };
}

/** Parsers report end-of-file errors one line past the end; point at the last real line instead. */
export function clampLine(line: number, content: string): number {
  const lines = content.split('\n');
  const count = lines[lines.length - 1] === '' ? Math.max(1, lines.length - 1) : lines.length;
  return Math.min(Math.max(1, Math.trunc(line)), count);
}
