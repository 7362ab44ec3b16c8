import { AppError, type FieldError } from '@/server/errors/app-error';
import { checkDefaults } from './parameter-values';
import { checkTemplate, type TemplateSource } from './render-template';

/** Refuses a template whose placeholders cannot be rendered safely or whose defaults are invalid. */
export function assertValidTemplate(source: TemplateSource): void {
  const issues: FieldError[] = [
    ...checkTemplate(source).map(({ field, message }) => ({ field, message })),
    ...checkDefaults(source.parameters),
  ];
  const first = issues[0];
  if (first) throw new AppError('VALIDATION_ERROR', `${first.field}: ${first.message}`, { details: issues });
}

/** JSON with sorted keys: jsonb does not keep key order, so plain JSON.stringify cannot compare. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Same content and parameter list (the parts that decide what a script made from it does). */
export function sameDefinition(a: TemplateSource, b: TemplateSource): boolean {
  return (
    a.language === b.language && a.content === b.content && canonicalJson(a.parameters) === canonicalJson(b.parameters)
  );
}
