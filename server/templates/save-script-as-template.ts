import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError, type FieldError } from '@/server/errors/app-error';
import { getScriptRow } from '@/server/scripts/get-script';
import { insertTemplate } from './create-template';
import { checkDefaults } from './parameter-values';
import { checkTemplate } from './render-template';
import {
  createTemplateInput,
  saveAsTemplateInput,
  type ParameterValue,
  type SaveAsTemplateInput,
  type TemplateDto,
  type TemplateParameter,
} from './templates.schema';

interface Form {
  text: string;
  index: number;
  /** Bare text must not be cut out of a longer word (`30` inside `300`). */
  bare: boolean;
}

const WORD = /[A-Za-z0-9_]/;

/**
 * Where a literal can be replaced: its quoted forms first (`"x"` / `'x'` become a placeholder as a
 * whole, because a value placed inside quotes cannot be rendered safely), then the bare text. In a
 * quoted form the text must mean itself, so forms with escapes (and, in Bash, expansions) are left out.
 */
function formsOf(literal: string, index: number, language: 'python' | 'bash'): Form[] {
  const forms: Form[] = [];
  if (!literal.includes('\\') && !(language === 'bash' && /[$`]/.test(literal))) {
    if (!literal.includes('"')) forms.push({ text: `"${literal}"`, index, bare: false });
    if (!literal.includes("'")) forms.push({ text: `'${literal}'`, index, bare: false });
  }
  forms.push({ text: literal, index, bare: true });
  return forms;
}

/** One left-to-right pass; at each position the longest matching form wins. */
export function replaceLiterals(
  content: string,
  language: 'python' | 'bash',
  replacements: { literal: string; name: string }[],
) {
  const byFirst = new Map<string, Form[]>();
  replacements.forEach((r, i) => {
    for (const f of formsOf(r.literal, i, language)) {
      const list = byFirst.get(f.text[0]!) ?? [];
      list.push(f);
      byFirst.set(f.text[0]!, list);
    }
  });
  for (const list of byFirst.values()) list.sort((a, b) => b.text.length - a.text.length);
  const counts = replacements.map(() => 0);
  let out = '';
  let i = 0;
  while (i < content.length) {
    const form = byFirst
      .get(content[i]!)
      ?.find(
        (f) =>
          content.startsWith(f.text, i) &&
          !(f.bare && WORD.test(f.text[0]!) && i > 0 && WORD.test(content[i - 1]!)) &&
          !(f.bare && WORD.test(f.text.at(-1)!) && WORD.test(content[i + f.text.length] ?? '')),
      );
    if (form) {
      out += `{{${replacements[form.index]!.name}}}`;
      counts[form.index]!++;
      i += form.text.length;
    } else {
      out += content[i];
      i++;
    }
  }
  return { content: out, counts };
}

function defaultFromLiteral(p: TemplateParameter, literal: string): ParameterValue {
  if (p.type === 'number' && /^-?\d+(\.\d+)?$/.test(literal)) return Number(literal);
  if (p.type === 'boolean' && /^(true|false|True|False)$/.test(literal)) return literal.toLowerCase() === 'true';
  return literal;
}

/**
 * "Save as template": the script's content with each chosen literal replaced by a placeholder for
 * its parameter (whose default is the literal unless one is given).
 */
export async function saveScriptAsTemplate(opts: {
  actor: Actor;
  input: SaveAsTemplateInput;
  meta?: RequestMeta;
}): Promise<TemplateDto> {
  assertCan(opts.actor, 'template.write');
  assertCan(opts.actor, 'script.read');
  const parsed = saveAsTemplateInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const input = parsed.data;
  const script = await getScriptRow(input.script_id);

  const issues: FieldError[] = [];
  const literals = new Set<string>();
  const names = new Set<string>();
  input.replacements.forEach((r, k) => {
    if (literals.has(r.literal)) issues.push({ field: `replacements.${k}.literal`, message: 'is given twice' });
    if (names.has(r.parameter.name))
      issues.push({
        field: `replacements.${k}.parameter.name`,
        message: `duplicate parameter name "${r.parameter.name}"`,
      });
    if (script.language === 'bash' && /[$`]/.test(r.literal)) {
      issues.push({
        field: `replacements.${k}.literal`,
        message: 'contains a shell expansion ($ or `), which a parameter value cannot reproduce',
      });
    }
    literals.add(r.literal);
    names.add(r.parameter.name);
  });
  if (issues.length)
    throw new AppError('VALIDATION_ERROR', `${issues[0]!.field}: ${issues[0]!.message}`, { details: issues });

  const { content, counts } = replaceLiterals(
    script.content,
    script.language,
    input.replacements.map((r) => ({ literal: r.literal, name: r.parameter.name })),
  );
  counts.forEach((n, k) => {
    if (n === 0)
      issues.push({ field: `replacements.${k}.literal`, message: 'does not occur in the script (as a whole word)' });
  });
  const parameters: TemplateParameter[] = input.replacements.map((r) => ({
    ...r.parameter,
    default: r.parameter.default ?? defaultFromLiteral(r.parameter, r.literal),
  }));
  const indexByName = new Map(input.replacements.map((r, k) => [r.parameter.name, k]));
  for (const issue of checkTemplate({ language: script.language, content, parameters })) {
    const name = /\{\{(\w+)\}\}/.exec(issue.message)?.[1];
    const k = name === undefined ? undefined : indexByName.get(name);
    issues.push({
      field: k === undefined ? 'content' : `replacements.${k}.literal`,
      message: issue.message.replace(/\{\{\w+\}\}/, 'an occurrence'),
    });
  }
  issues.push(
    ...checkDefaults(parameters).map((i) => ({
      field: i.field.replace(/^parameters\.(\d+)\./, 'replacements.$1.parameter.'),
      message: i.message,
    })),
  );
  if (issues.length)
    throw new AppError('VALIDATION_ERROR', `${issues[0]!.field}: ${issues[0]!.message}`, { details: issues });

  const template = createTemplateInput.safeParse({
    name: input.name,
    description: input.description ?? script.description,
    category: input.category ?? script.category,
    language: script.language,
    content,
    parameters,
    visibility: input.visibility,
    needs_network: script.allowNetwork,
  });
  if (!template.success) throw AppError.fromZod(template.error);
  return insertTemplate(
    opts.actor,
    template.data,
    opts.meta,
    `saved script "${script.name}" as ${input.visibility} template "${input.name}"`,
  );
}
