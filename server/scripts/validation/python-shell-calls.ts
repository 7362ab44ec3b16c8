import { insideSpans } from './mapped-text';
import { literalValue, type NormalizedPython, type PyString } from './normalize-python';

/** A command line a Python script hands to the OS, recovered from string literals. */
export interface ShellCall {
  /** Index of the call in normalised text. */
  readonly index: number;
  readonly callee: string;
  readonly command: string;
}

const CALL =
  /\b(os\s*\.\s*(?:system|popen)|subprocess\s*\.\s*(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|asyncio\s*\.\s*create_subprocess_(?:shell|exec)|pty\s*\.\s*spawn)\s*\(/g;
const ASSIGNMENT = /(?:^|[\n;])\s*([A-Za-z_]\w*)\s*=(?!=)/g;
const KEYWORD_ARG = /^([A-Za-z_]\w*)\s*=(?!=)\s*/;

interface Argument {
  readonly text: string;
  readonly literals: readonly string[];
}

/**
 * Finds os.system / subprocess / asyncio calls and rebuilds the command they run, following one
 * level of `cmd = "..."` indirection. Values computed at runtime are out of reach by design.
 */
export function findShellCalls(source: NormalizedPython): ShellCall[] {
  const { text } = source.norm;
  const byStart = new Map<number, PyString>(source.strings.map((s) => [s.start, s]));
  const assignments = collectAssignments(text, source, byStart);
  const calls: ShellCall[] = [];

  for (const match of text.matchAll(CALL)) {
    if (insideSpans(source.dataSpans, match.index)) continue;
    const callee = (match[1] ?? '').replace(/\s+/g, '');
    const args = readArguments(text, match.index + match[0].length, byStart, false);
    const command = commandOf(callee, args, (name) => latestBefore(assignments, name, match.index));
    if (command && command.trim()) calls.push({ index: match.index, callee, command });
  }
  return calls;
}

function commandOf(
  callee: string,
  args: readonly Argument[],
  resolve: (name: string) => Argument | undefined,
): string | undefined {
  const positional = args.filter((a) => !KEYWORD_ARG.test(a.text));
  if (callee.endsWith('create_subprocess_exec')) return positional.flatMap((a) => a.literals).join(' ');

  const keywordArgs = args.find((a) => /^args\s*=/.test(a.text));
  const first = positional[0] ?? keywordArgs;
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
  for (const match of text.matchAll(ASSIGNMENT)) {
    if (insideSpans(source.dataSpans, match.index)) continue;
    const [value] = readArguments(text, match.index + match[0].length, byStart, true);
    if (value && value.literals.length > 0) found.push({ name: match[1] ?? '', index: match.index, value });
  }
  return found;
}

function latestBefore(assignments: readonly Assignment[], name: string, index: number): Argument | undefined {
  let latest: Argument | undefined;
  for (const a of assignments) if (a.name === name && a.index < index) latest = a.value;
  return latest;
}

/** Splits call arguments (or one assignment value) at top-level commas, collecting literals. */
function readArguments(
  text: string,
  from: number,
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
  while (k < text.length) {
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
