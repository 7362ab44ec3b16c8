/**
 * Literal values typed as text: JSON when the text is JSON (`true`, `5`, `"5"`, `[1]`), otherwise
 * the text itself as a string, so `cam-1` needs no quotes but `"true"` stays a string.
 */
export function parseLoose(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text;
  }
}

/** The inverse of parseLoose: strings that would read back as something else keep their quotes. */
export function formatLoose(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') {
    const reread = parseLoose(value);
    return typeof reread === 'string' && reread === value ? value : JSON.stringify(value);
  }
  return JSON.stringify(value) ?? '';
}
