import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DANGEROUS_RULES, ruleCode } from '@/server/scripts/validation/dangerous-rules';
import { builtinTemplates } from '@/server/templates/builtin';
import { BUILTIN_CATEGORY_NAMES, BUILTIN_TEXTS_ZH } from '@/server/templates/builtin/builtin-texts.shared';
import { coded, formatMessage, isMessageCode, MESSAGES, placeholdersOf, renderMessage } from './messages.shared';

const root = path.join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [full] : [];
  });
}

// Where server and worker code name a code: the first argument of coded() (a literal or a ternary
// of literals), a nested `*_code: '…'` parameter, or a function that answers one (`return 'execution.…'`).
const CODED_ARGUMENT = /\bcoded\(([^,{)]*)/g;
const DOTTED_LITERAL = /'([a-z]+\.[\w.-]+)'/g;
const NESTED_OR_RETURNED = /_code: '([^']+)'|\breturn '((?:execution|workflow|validation|syntax|audit)\.[^']+)'/g;

function emittedCodes(text: string): string[] {
  const codes: string[] = [];
  for (const call of text.matchAll(CODED_ARGUMENT)) {
    for (const m of call[1]!.matchAll(DOTTED_LITERAL)) codes.push(m[1]!);
  }
  for (const m of text.matchAll(NESTED_OR_RETURNED)) codes.push((m[1] ?? m[2])!);
  return codes;
}

describe('the message catalogue', () => {
  it('has an English and a Chinese text for every code, with the same placeholders', () => {
    for (const [code, text] of Object.entries(MESSAGES)) {
      expect(text.en.trim(), `${code} en`).not.toBe('');
      expect(text.zh.trim(), `${code} zh`).not.toBe('');
      expect(placeholdersOf(text.zh), `${code} placeholders`).toEqual(placeholdersOf(text.en));
      // A Chinese text that is the English one was not translated (pure detail pass-throughs aside).
      if (text.en !== '{detail}' && !/^\{\w+\}: \{\w+\}$/.test(text.en)) expect(text.zh, code).not.toBe(text.en);
      expect(/[\u4e00-\u9fff]/.test(text.zh) || /^\{\w+\}$/.test(text.zh), `${code} zh has Chinese`).toBe(true);
    }
  });

  it('knows every code the server and the worker emit', () => {
    const files = [...sourceFiles(path.join(root, 'server')), ...sourceFiles(path.join(root, 'worker'))];
    const emitted = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const code of emittedCodes(text)) emitted.add(code);
    }
    // Codes built from data: one per dangerous-command rule and per script status.
    for (const rule of DANGEROUS_RULES) emitted.add(ruleCode(rule.id));
    for (const status of ['draft', 'active', 'disabled', 'archived']) emitted.add(`status.script.${status}`);
    for (const status of ['succeeded', 'failed', 'timed_out', 'cancelled']) emitted.add(`status.execution.${status}`);
    expect(emitted.size).toBeGreaterThan(60);
    const unknown = [...emitted].filter((c) => !isMessageCode(c));
    expect(unknown).toEqual([]);
  });

  it('renders nested codes and parameters in the reader language and falls back to the English message', () => {
    const finding = coded('validation.via_call', { call: 'os.system', rule_code: 'validation.bash.mkfs' });
    expect(finding.message).toBe(
      'Command run via os.system(): mkfs formats a filesystem and erases everything stored on the target device.',
    );
    expect(renderMessage(finding, 'zh')).toBe(
      '通过 os.system() 运行的命令：mkfs 会格式化文件系统，并清除目标设备上的全部数据。',
    );
    const unknownWorker = { worker_code: 'execution.unknown_worker', attempt: 2 };
    const lost = formatMessage('execution.worker_lost_rerun', unknownWorker, 'zh');
    expect(lost).toBe('执行器丢失：未知执行器 在第 2 次尝试中停止；已在存活的执行器上重新运行');
    const old = { code: 'no.such.code', params: {}, message: 'old English text' };
    expect(renderMessage(old, 'zh')).toBe('old English text');
    expect(renderMessage({ code: null, message: 'stored before codes' }, 'zh')).toBe('stored before codes');
  });

  it('has Chinese texts for every built-in template, its category and each of its parameters', () => {
    for (const tpl of builtinTemplates) {
      const zh = BUILTIN_TEXTS_ZH[tpl.key];
      expect(zh, tpl.key).toBeDefined();
      expect(BUILTIN_CATEGORY_NAMES[tpl.category], tpl.category).toBeDefined();
      for (const p of tpl.parameters) {
        expect(zh!.parameters[p.name]?.label, `${tpl.key}.${p.name}`).toMatch(/[\u4e00-\u9fff]|URL/);
        expect(zh!.parameters[p.name]?.description, `${tpl.key}.${p.name}`).toMatch(/[\u4e00-\u9fff]/);
      }
      expect(Object.keys(zh!.parameters).sort()).toEqual(tpl.parameters.map((p) => p.name).sort());
    }
  });
});
