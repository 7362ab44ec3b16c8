import type { Language } from '@/server/runtime/interpreters';
import { coded, type MessageCode, type MessageParams } from '@/server/messages/messages.shared';
import { DANGEROUS_RULES, ruleCode, type DangerRule, type Severity } from './dangerous-rules';
import { insideSpans, lineStarts, positionAt, type NormalizedSource } from './mapped-text';
import { normalizeBash } from './normalize-bash';
import { normalizePython } from './normalize-python';
import { findShellCalls } from './python-shell-calls';

export interface DangerFinding {
  ruleId: string;
  severity: Severity;
  /** Catalogue code and parameters, rendered by the UI in the reader's language; `message` is the English text. */
  code: MessageCode;
  params: MessageParams;
  message: string;
  /** 1-based, in the original content. */
  line: number;
  /** 1-based, in the original content. */
  column: number;
  excerpt: string;
}

interface Hit {
  readonly rule: DangerRule;
  /** Offset in the original content. */
  readonly offset: number;
  /** Set when the command was found inside a Python call such as os.system. */
  readonly via?: string;
}

const EXCERPT_MAX = 160;

/**
 * Flags dangerous commands in a script. Matching runs on normalised text (quotes, escapes and
 * spacing tricks removed); positions are mapped back to the operator's original lines.
 */
export function checkDangerous(content: string, language: Language): DangerFinding[] {
  const hits: Hit[] = [];
  if (language === 'bash') {
    const source = normalizeBash(content);
    for (const m of matchRules(source, 'bash')) hits.push({ rule: m.rule, offset: source.norm.map[m.index] ?? 0 });
  } else {
    const source = normalizePython(content);
    for (const m of matchRules(source, 'python')) hits.push({ rule: m.rule, offset: source.norm.map[m.index] ?? 0 });
    // The same command (often one resolved variable) may be run many times: check it once.
    const rulesByCommand = new Map<string, DangerRule[]>();
    for (const call of findShellCalls(source)) {
      let rules = rulesByCommand.get(call.command);
      if (!rules) {
        rules = matchRules(normalizeBash(call.command), 'bash').map((m) => m.rule);
        rulesByCommand.set(call.command, rules);
      }
      const offset = source.norm.map[call.index] ?? 0;
      for (const rule of rules) hits.push({ rule, offset, via: call.callee });
    }
  }
  return toFindings(content, hits);
}

export function hasBlocking(findings: readonly DangerFinding[]): boolean {
  return findings.some((f) => f.severity === 'block');
}

function rulesFor(language: Language): DangerRule[] {
  return DANGEROUS_RULES.filter((r) => r.language === language || r.language === 'any');
}

// Rules keep their own non-global RegExp; scanning needs a global twin with a private lastIndex.
const globalTwins = new WeakMap<RegExp, RegExp>();

function globalTwin(pattern: RegExp): RegExp {
  let twin = globalTwins.get(pattern);
  if (!twin) {
    twin = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    globalTwins.set(pattern, twin);
  }
  return twin;
}

function matchRules(source: NormalizedSource, language: Language): { rule: DangerRule; index: number }[] {
  const { text } = source.norm;
  const found: { rule: DangerRule; index: number }[] = [];
  for (const rule of rulesFor(language)) {
    const re = globalTwin(rule.pattern);
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      // Patterns may start at the separator space before a command; point at the command itself.
      const index = m.index + (m[0].length - m[0].trimStart().length);
      if (!insideSpans(source.dataSpans, index)) found.push({ rule, index });
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  return found;
}

function toFindings(content: string, hits: readonly Hit[]): DangerFinding[] {
  // `exec(requests.get(u).text)` also matches the generic exec warning; the block says it all.
  const blockedAt = new Set(hits.filter((h) => h.rule.severity === 'block' && !h.via).map((h) => h.offset));
  const starts = lineStarts(content);
  const lines = content.split('\n');
  const seen = new Set<string>();
  const findings: DangerFinding[] = [];

  for (const hit of hits) {
    if (hit.rule.severity === 'warn' && !hit.via && blockedAt.has(hit.offset)) continue;
    const { line, column } = positionAt(starts, hit.offset);
    const key = `${hit.rule.id}:${line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const text = hit.via
      ? coded('validation.via_call', { call: hit.via, rule_code: ruleCode(hit.rule.id) })
      : coded(ruleCode(hit.rule.id));
    findings.push({
      ruleId: hit.rule.id,
      severity: hit.rule.severity,
      ...text,
      line,
      column,
      excerpt: excerptOf(lines[line - 1] ?? ''),
    });
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
}

function excerptOf(line: string): string {
  const trimmed = line.trim();
  return trimmed.length > EXCERPT_MAX ? `${trimmed.slice(0, EXCERPT_MAX - 1)}…` : trimmed;
}
