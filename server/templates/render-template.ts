import type { FieldError } from '@/server/errors/app-error';
import { bashLiteral, importsOsBefore, pythonLiteral, secretReference } from './literals';
import { resolveValues } from './parameter-values';
import { describeContext, findPlaceholders } from './placeholder-scan';
import type { ParameterValue, TemplateParameter } from './templates.schema';

export interface RenderIssue extends FieldError {
  line?: number;
}

export interface TemplateSource {
  language: 'python' | 'bash';
  content: string;
  parameters: readonly TemplateParameter[];
}

/**
 * Problems with the template itself: placeholders where a value cannot be rendered safely, and
 * placeholders naming no parameter. `{{…}}` inside strings/comments that names no parameter is
 * left alone (f-string braces, Jinja snippets, the `{{secret:NAME}}` notation in comments).
 */
export function checkTemplate(source: TemplateSource, field = 'content'): RenderIssue[] {
  const names = new Set(source.parameters.map((p) => p.name));
  const issues: RenderIssue[] = [];
  for (const site of findPlaceholders(source.content, source.language)) {
    const known = names.has(site.name);
    if (site.context === 'code' && !known) {
      issues.push({ field, line: site.line, message: `line ${site.line}: {{${site.name}}} names no parameter` });
    } else if (site.context !== 'code' && known) {
      issues.push({
        field,
        line: site.line,
        message: `line ${site.line}: {{${site.name}}} ${describeContext(site.context, source.language)}`,
      });
    }
  }
  return issues;
}

export interface RenderResult {
  content: string;
  /** Environment variables (named by secret parameters) the rendered script reads. */
  secrets: string[];
  issues: RenderIssue[];
}

/**
 * Renders a template with values. Every placeholder in value position becomes a literal of the
 * script's language (or, for a secret, a run-time read of the environment variable it names), so
 * no value can become code. Placeholders with issues, or whose value is missing, stay as written;
 * a result with issues must not be saved as a script (the caller checks `issues`).
 */
export function renderTemplate(source: TemplateSource, values: Record<string, ParameterValue | null>): RenderResult {
  const issues: RenderIssue[] = checkTemplate(source);
  const resolved = resolveValues(source.parameters, values);
  issues.push(...resolved.issues);
  const byName = new Map(source.parameters.map((p) => [p.name, p]));
  const failed = new Set(resolved.issues.map((i) => i.field.replace(/^values\./, '')));
  const secrets = new Set<string>();
  let out = '';
  let from = 0;
  for (const site of findPlaceholders(source.content, source.language)) {
    const p = byName.get(site.name);
    if (!p || site.context !== 'code' || failed.has(p.name)) continue;
    const value = resolved.values[p.name] ?? null;
    let literal: string;
    if (p.type === 'secret') {
      const envName = typeof value === 'string' ? value : null;
      if (envName) secrets.add(envName);
      literal = secretReference(
        source.language,
        envName,
        source.language === 'python' && importsOsBefore(source.content, site.start),
      );
    } else {
      literal = source.language === 'bash' ? bashLiteral(value) : pythonLiteral(value);
    }
    out += source.content.slice(from, site.start) + literal;
    from = site.end;
  }
  out += source.content.slice(from);
  return { content: out, secrets: [...secrets].sort(), issues };
}

/**
 * The note a script made from a template carries about the secrets it reads: comment lines after
 * the shebang. Secret names are UPPER_SNAKE_CASE (validated), so they are safe in a comment.
 */
/** Control characters (and line separators) become spaces, so text stays on one comment line. */
function oneLine(text: string): string {
  return [...text].map((ch) => (/[\p{Cc}\u2028\u2029]/u.test(ch) ? ' ' : ch)).join('');
}

export function withSecretsNote(content: string, secrets: readonly string[], templateName: string): string {
  if (secrets.length === 0) return content;
  const note = [
    `# Made from the template "${oneLine(templateName)}".`,
    '# It reads these secrets from its environment at run time; when running it, set each in',
    '# environment_vars as a secret reference:',
    ...secrets.map((s) => `#   ${s}={{secret:${s}}}`),
    '',
  ].join('\n');
  if (content.startsWith('#!')) {
    const eol = content.indexOf('\n');
    if (eol < 0) return `${content}\n${note}`;
    return content.slice(0, eol + 1) + note + content.slice(eol + 1);
  }
  return note + content;
}

export function secretsDescription(secrets: readonly string[]): string {
  if (secrets.length === 0) return '';
  return `Secrets: provide ${secrets.map((s) => `${s}={{secret:${s}}}`).join(', ')} in environment_vars.`;
}
