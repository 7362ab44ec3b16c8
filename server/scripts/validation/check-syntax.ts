import { resolveInterpreters, type Language } from '@/server/runtime/interpreters';
import { checkBashSyntax } from './syntax-bash';
import { checkPythonSyntax } from './syntax-python';
import type { SyntaxIssue } from './syntax-issue';

export type { SyntaxIssue } from './syntax-issue';

export interface SyntaxCheckOptions {
  /** Interpreter binaries; default to the resolved real binaries (no pyenv shims). */
  pythonPath?: string;
  bashPath?: string;
  /** Kill the checker after this long; default 5 s. */
  timeoutMs?: number;
}

export const DEFAULT_SYNTAX_TIMEOUT_MS = 5_000;

/**
 * Parses a script with the real interpreter without running it. Returns [] when it parses.
 * Rejects only when the checker itself cannot run (missing interpreter): that is a server fault,
 * not a problem with the script.
 */
export async function checkSyntax(
  content: string,
  language: Language,
  opts: SyntaxCheckOptions = {},
): Promise<SyntaxIssue[]> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_SYNTAX_TIMEOUT_MS;
  if (language === 'python') {
    return checkPythonSyntax(content, opts.pythonPath ?? resolveInterpreters().python, timeoutMs);
  }
  return checkBashSyntax(content, opts.bashPath ?? resolveInterpreters().bash, timeoutMs);
}
