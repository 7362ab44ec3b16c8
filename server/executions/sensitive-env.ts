/**
 * Which environment values are secret: names that say so, plus values resolved from stored
 * secrets. Secret values are shown masked in execution records and replaced in stored logs.
 */
const SENSITIVE_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE|CREDENTIAL|AUTH)/i;
export const MASK = '******';

export function isSensitiveName(name: string): boolean {
  return SENSITIVE_NAME.test(name);
}

export function maskEnv(vars: Record<string, string>, alsoSecret: ReadonlySet<string> = new Set()): Record<string, string> {
  return Object.fromEntries(
    Object.entries(vars).map(([k, v]) => [k, isSensitiveName(k) || alsoSecret.has(k) ? MASK : v]),
  );
}

export function secretValues(vars: Record<string, string>, alsoSecret: ReadonlySet<string> = new Set()): string[] {
  return Object.entries(vars)
    .filter(([k, v]) => (isSensitiveName(k) || alsoSecret.has(k)) && v.length >= 3)
    .map(([, v]) => v)
    .sort((a, b) => b.length - a.length); // longest first, so a value containing another is masked whole
}

/** Replaces each secret value in a log chunk. Values split across two chunks are caught by the caller's carry. */
export function maskText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(MASK);
  return out;
}
