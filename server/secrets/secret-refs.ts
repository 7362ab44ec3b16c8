/** `{{secret:NAME}}` references in environment values (spaces inside the braces allowed). */
export const SECRET_REF = /\{\{\s*secret:([A-Z][A-Z0-9_]{0,63})\s*\}\}/g;

export function hasSecretRef(value: string): boolean {
  return value.includes('{{') && new RegExp(SECRET_REF.source).test(value);
}

/** The secret names referenced in an environment, each once, with the first variable naming it. */
export function secretRefNames(vars: Record<string, string>): Map<string, string> {
  const names = new Map<string, string>();
  for (const [k, v] of Object.entries(vars)) {
    if (!v.includes('{{')) continue;
    for (const m of v.matchAll(SECRET_REF)) if (!names.has(m[1]!)) names.set(m[1]!, k);
  }
  return names;
}

/** A PostgreSQL regular expression matching a reference to `name` (an UPPER_SNAKE name: no regex characters). */
export const secretRefPattern = (name: string) => `\\{\\{\\s*secret:${name}\\s*\\}\\}`;
