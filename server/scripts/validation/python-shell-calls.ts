import { insideSpans } from './mapped-text';
import { literalValue, type NormalizedPython, type PyString } from './normalize-python';

/** A command line a Python script hands to the OS, recovered from string literals. */
export interface ShellCall {
  /** Index of the call in normalised text. */
  readonly index: number;
  readonly callee: string;
  readonly command: string;
}

/** Functions that run a command, per module. */
const RUNNERS: Readonly<Record<string, readonly string[]>> = {
  os: ['system', 'popen'],
  subprocess: ['run', 'call', 'check_call', 'check_output', 'Popen', 'getoutput', 'getstatusoutput'],
  asyncio: ['create_subprocess_shell', 'create_subprocess_exec'],
  pty: ['spawn'],
};
const MODULES = Object.keys(RUNNERS).join('|');
const IMPORT_AS = new RegExp(String.raw`\bimport (${MODULES}) as ([A-Za-z_]\w*)`, 'g');
// Newlines belong to the import list only inside parentheses.
const FROM_IMPORT = new RegExp(String.raw`\bfrom (${MODULES}) import (?:\(([^)]*)\)|([\w ,]+))`, 'g');
const OS_DUNDER_IMPORT = String.raw`__import__\s*\(\s*["']os["']\s*\)`;

// Spaces are already collapsed; `\s*` here would rescan whole runs of blank lines (quadratic).
const ASSIGNMENT = /(?:^|[\n;]) ?([A-Za-z_]\w*) ?=(?!=)/g;
const KEYWORD_ARG = /^([A-Za-z_]\w*)\s*=(?!=)\s*/;
// Real argument lists are short; nothing useful lies beyond this.
const MAX_ARGUMENT_SCAN = 8192;

interface Argument {
  readonly text: string;
  readonly literals: readonly string[];
}

/**
 * Finds os.system / subprocess / asyncio calls (including `import … as` aliases and
 * `from subprocess import run`) and rebuilds the command they run, following one level of
 * `cmd = "..."` indirection. Values computed at runtime are out of reach by design.
 */
export function findShellCalls(source: NormalizedPython): ShellCall[] {
  const { text } = source.norm;
  const byStart = new Map<number, PyString>(source.strings.map((s) => [s.start, s]));
  const assignments = collectAssignments(text, source, byStart);
  const matches = [...text.matchAll(callPattern(text))].filter((m) => !insideSpans(source.dataSpans, m.index));
  const calls: ShellCall[] = [];

  matches.forEach((match, n) => {
    const callee = (match[1] ?? '').replace(/\s+/g, '').replace(/^__import__\(["']os["']\)/, 'os');
    const until = matches[n + 1]?.index ?? text.length;
    const args = readArguments(text, match.index + match[0].length, until, byStart, false);
    const command = commandOf(callee, args, (name) => latestBefore(assignments, name, match.index));
    if (command && command.trim()) calls.push({ index: match.index, callee, command });
  });
  return calls;
}

function callPattern(text: string): RegExp {
  const qualifiers = new Map<string, Set<string>>(Object.keys(RUNNERS).map((m) => [m, new Set([m])]));
  qualifiers.get('os')?.add(OS_DUNDER_IMPORT);
  const bare = new Set<string>();
  for (const m of text.matchAll(IMPORT_AS)) qualifiers.get(m[1] ?? '')?.add(m[2] ?? '');
  for (const m of text.matchAll(FROM_IMPORT)) {
    const runners = RUNNERS[m[1] ?? ''] ?? [];
    for (const item of (m[2] ?? m[3] ?? '').split(',')) {
      const [name, alias] = item.trim().split(/\s+as\s+/);
      if (name && runners.includes(name)) bare.add(alias ?? name);
    }
  }
  const qualified = [...qualifiers].map(
    ([module, names]) => String.raw`(?:${[...names].join('|')})\s*\.\s*(?:${(RUNNERS[module] ?? []).join('|')})`,
  );
  const alternatives = [...qualified, ...bare];
  return new RegExp(String.raw`(?<![\w.])(${alternatives.join('|')})\s*\(`, 'g');
}

function commandOf(
  callee: string,
  args: readonly Argument[],
  resolve: (name: string) => Argument | undefined,
): string | undefined {
  const positional = args.filter((a) => !KEYWORD_ARG.test(a.text));
  if (callee.endsWith('create_subprocess_exec')) return positional.flatMap((a) => a.literals).join(' ');

  const first = positional[0] ?? args.find((a) => /^args\s*=/.test(a.text));
  if (!first) return undefined;
  const value = first.text.replace(KEYWORD_ARG, '');
  const target = /^[A-Za-z_]\w*$/.test(value) ? resolve(value) : first;
  if (!target) return undefined;
  const isList = /^[[(]/.test(target.text.replace(KEYWORD_ARG, ''));
  // argv lists are words; a string (or "a" + "b") is already one command line.
  return target.literals.join(isList ? ' ' : '');
}

interface Assignment {
  readonly name: string;
  readonly index: number;
  readonly value: Argument;
}

function collectAssignments(text: string, source: NormalizedPython, byStart: Map<number, PyString>): Assignment[] {
  const found: Assignment[] = [];
  const matches = [...text.matchAll(ASSIGNMENT)].filter((m) => !insideSpans(source.dataSpans, m.index));
  matches.forEach((match, n) => {
    const until = matches[n + 1]?.index ?? text.length;
    const [value] = readArguments(text, match.index + match[0].length, until, byStart, true);
    if (value && value.literals.length > 0) found.push({ name: match[1] ?? '', index: match.index, value });
  });
  return found;
}

function latestBefore(assignments: readonly Assignment[], name: string, index: number): Argument | undefined {
  let latest: Argument | undefined;
  for (const a of assignments) if (a.name === name && a.index < index) latest = a.value;
  return latest;
}

/**
 * Splits call arguments (or one assignment value) at top-level commas, collecting literals.
 * Scanning stops at `until` (the next call/assignment) so scans never overlap: total work stays
 * linear even for thousands of unclosed calls.
 */
function readArguments(
  text: string,
  from: number,
  until: number,
  byStart: Map<number, PyString>,
  statement: boolean,
): Argument[] {
  const args: Argument[] = [];
  let depth = 0;
  let argStart = from;
  let literals: string[] = [];
  const close = (end: number): void => {
    const argText = text.slice(argStart, end).trim();
    if (argText) args.push({ text: argText, literals });
    literals = [];
  };

  let k = from;
  const limit = Math.min(until, from + MAX_ARGUMENT_SCAN);
  while (k < limit) {
    const literal = byStart.get(k);
    if (literal) {
      literals.push(literalValue(text, literal));
      k = literal.end;
      continue;
    }
    const ch = text[k];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && ch === ',' && !statement) {
      close(k);
      argStart = k + 1;
    } else if (depth === 0 && statement && (ch === '\n' || ch === ';' || ch === ',')) {
      break;
    }
    k++;
  }
  close(k);
  return args;
}
