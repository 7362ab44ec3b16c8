import type { EditorMarker } from '@/components/editor/editor-types';
import type { ServerText } from '@/components/i18n/server-message';
import type { ValidationResult } from '../script-types';

/**
 * Syntax errors and blocking findings stop a script from becoming active, so they are errors;
 * warn findings are allowed but worth a look.
 */
export function validationMarkers(
  result: ValidationResult | null,
  text: (m: ServerText) => string = (m) => m.message ?? '',
): EditorMarker[] {
  if (!result) return [];
  const syntax = result.syntax.map((s): EditorMarker => {
    const severity: string = s.severity;
    return {
      line: s.line,
      column: s.column,
      message: text(s),
      severity: severity === 'warning' ? 'warning' : 'error',
      code: 'syntax',
    };
  });
  const dangers = result.dangers.map((d): EditorMarker => ({
    line: d.line,
    column: d.column,
    message: text(d),
    severity: d.severity === 'block' ? 'error' : 'warning',
    code: d.ruleId,
    length: d.excerpt.split('\n')[0]?.length,
  }));
  return [...syntax, ...dangers];
}
