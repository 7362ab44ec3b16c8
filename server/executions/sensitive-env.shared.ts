/**
 * Which environment values are secret by their name (client-safe: the run panel uses it too).
 * Values of stored secrets are masked wherever they appear, see server/secrets/secret-masker.ts.
 */
const SENSITIVE_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE|CREDENTIAL|AUTH)/i;
export const MASK = '******';

export function isSensitiveName(name: string): boolean {
  return SENSITIVE_NAME.test(name);
}
