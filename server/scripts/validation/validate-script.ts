import type { Language } from '@/server/runtime/interpreters';
import { checkDangerous, hasBlocking, type DangerFinding } from './check-dangerous';
import { checkSyntax, type SyntaxCheckOptions, type SyntaxIssue } from './check-syntax';

export interface ScriptToValidate {
  content: string;
  language: Language;
}

export interface ValidationResult {
  syntax: SyntaxIssue[];
  dangers: DangerFinding[];
  /** At least one finding has severity block. */
  blocking: boolean;
  /** Safe to save/run: parses and has no blocking finding (warnings are allowed). */
  ok: boolean;
}

export async function validateScript(
  script: ScriptToValidate,
  opts: SyntaxCheckOptions = {},
): Promise<ValidationResult> {
  // Start the interpreter first so the (synchronous) rule scan overlaps with it.
  const syntaxPending = checkSyntax(script.content, script.language, opts);
  const dangers = checkDangerous(script.content, script.language);
  const syntax = await syntaxPending;
  const blocking = hasBlocking(dangers);
  return { syntax, dangers, blocking, ok: syntax.length === 0 && !blocking };
}
