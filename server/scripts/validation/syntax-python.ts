import { z } from 'zod';
import { runChecker } from './run-checker';
import { clampLine, syntaxIssue, timeoutIssue, type SyntaxIssue } from './syntax-issue';

/**
 * Parse-only program run by the real interpreter: compile() builds the AST and bytecode but never
 * executes the script. IndentationError and TabError are SyntaxError subclasses; ValueError covers
 * null bytes on older Pythons, RecursionError/MemoryError absurd nesting.
 */
const PROGRAM = [
  'import sys, json, warnings',
  'warnings.simplefilter("ignore")',
  'def report(kind, lineno, offset, msg):',
  '    print(json.dumps({"ok": False, "kind": kind, "lineno": lineno, "offset": offset, "msg": msg}))',
  'try:',
  '    src = sys.stdin.buffer.read().decode("utf-8")',
  '    compile(src, "<script>", "exec", dont_inherit=True)',
  '    print(json.dumps({"ok": True}))',
  'except SyntaxError as e:',
  '    report(type(e).__name__, e.lineno, e.offset, e.msg)',
  'except (ValueError, RecursionError, MemoryError) as e:',
  '    report(type(e).__name__, None, None, str(e))',
].join('\n');

const Report = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({
    ok: z.literal(false),
    kind: z.string(),
    lineno: z.number().nullable(),
    offset: z.number().nullable(),
    msg: z.string(),
  }),
]);

export async function checkPythonSyntax(
  content: string,
  pythonPath: string,
  timeoutMs: number,
): Promise<SyntaxIssue[]> {
  // -I: ignore PYTHON* variables and user site-packages; -S: skip site (no .pth hooks run).
  const run = await runChecker({ command: pythonPath, args: ['-I', '-S', '-c', PROGRAM], input: content, timeoutMs });
  if (run.timedOut) return [timeoutIssue(timeoutMs)];

  const lastLine = run.stdout.trim().split('\n').pop() ?? '';
  const parsed = Report.safeParse(safeJson(lastLine));
  if (!parsed.success) {
    const detail = run.stderr.trim().split('\n').pop() || `exit code ${String(run.code)}`;
    throw new Error(`Python syntax checker failed: ${detail}`);
  }
  const report = parsed.data;
  if (report.ok) return [];
  const kind = report.kind === 'SyntaxError' ? undefined : report.kind;
  return [syntaxIssue(clampLine(report.lineno ?? 1, content), Math.max(1, report.offset ?? 1), report.msg, kind)];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
