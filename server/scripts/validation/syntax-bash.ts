import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runChecker } from './run-checker';
import { clampLine, syntaxIssue, timeoutIssue, type SyntaxIssue } from './syntax-issue';

// "/tmp/vss-bash-check-x/script.sh: line 3: syntax error near unexpected token `fi'"
const DIAGNOSTIC = /^.*?: line (\d+): (.*)$/;
// Bash echoes the offending line as "`fi'" right after the real message.
const ECHOED_LINE = /^`.*'$/;

/**
 * `bash -n` parses without executing. The script goes through a private temp file because bash
 * reading stdin omits line numbers, /dev/stdin cannot be opened on Node's socket-based stdio, and
 * `-c` would hit the per-argument size limit (128 KiB) for large scripts.
 */
export async function checkBashSyntax(content: string, bashPath: string, timeoutMs: number): Promise<SyntaxIssue[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vss-bash-check-'));
  try {
    const file = path.join(dir, 'script.sh');
    await writeFile(file, content, { encoding: 'utf8', mode: 0o600 });
    const run = await runChecker({
      command: bashPath,
      args: ['--norc', '--noprofile', '-n', file],
      input: '',
      timeoutMs,
    });
    if (run.timedOut) return [timeoutIssue(timeoutMs)];
    if (run.code === 0) return []; // warnings (e.g. unterminated here-doc) do not stop bash running it

    const issues = parseDiagnostics(run.stderr, content);
    if (issues.length > 0) return issues;
    const detail = run.stderr.trim().split('\n')[0] || `bash exited with code ${String(run.code)}`;
    return [syntaxIssue(1, 1, detail)];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function parseDiagnostics(stderr: string, content: string): SyntaxIssue[] {
  const issues: SyntaxIssue[] = [];
  for (const raw of stderr.split('\n')) {
    const match = DIAGNOSTIC.exec(raw.trim());
    if (!match) continue;
    const message = (match[2] ?? '').trim();
    if (!message || ECHOED_LINE.test(message) || message.startsWith('warning:')) continue;
    issues.push(syntaxIssue(clampLine(Number(match[1]), content), 1, message));
  }
  return issues;
}
