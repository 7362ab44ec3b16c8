import { AppError, type FieldError } from '@/server/errors/app-error';
import { validateScript } from './validation/validate-script';

export type ScriptValidation = Awaited<ReturnType<typeof validateScript>>;

/**
 * Runs on every save. A draft may be saved with problems (they are stored and flagged); making a
 * script active requires valid syntax and no blocking dangerous-command finding.
 */
export async function validateForSave(
  content: string,
  language: 'python' | 'bash',
  status: string,
): Promise<ScriptValidation> {
  const validation = await validateScript({ content, language });
  if (status !== 'active' || validation.ok) return validation;
  const details: FieldError[] = [
    ...validation.syntax.map((s) => ({
      field: 'content',
      message: `line ${s.line}:${s.column}: ${s.message}`,
      code: s.code,
      params: { ...s.params, line: s.line, column: s.column },
    })),
    ...validation.dangers
      .filter((d) => d.severity === 'block')
      .map((d) => ({
        field: 'content',
        message: `line ${d.line}: ${d.ruleId}: ${d.message}`,
        code: d.code,
        params: { ...d.params, line: d.line, rule: d.ruleId },
      })),
  ];
  throw new AppError('UNPROCESSABLE', `script cannot be active: ${details[0]?.message ?? 'validation failed'}`, {
    details,
  });
}
