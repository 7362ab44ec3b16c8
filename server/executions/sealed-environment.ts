import { seal, unseal } from '@/server/crypto/seal';
import { SecretMasker, MASK, MIN_SECRET_LENGTH } from '@/server/secrets/secret-masker';
import { hasSecretRef } from '@/server/secrets/secret-refs';
import { isSensitiveName } from './sensitive-env.shared';

export interface SealedEnvironment {
  /** What the script receives: secret references already resolved. */
  vars: Record<string, string>;
  /** Variables that hold secret material (a `{{secret:NAME}}` reference was resolved in them). */
  secretKeys: string[];
  /** As the caller sent them (with `{{secret:NAME}}` references), for re-runs. */
  original: Record<string, string>;
  /** The values of the secrets the references resolved to (absent in runs accepted before #18). */
  secrets?: string[];
}

export function sealEnvironment(env: SealedEnvironment): string | null {
  return Object.keys(env.vars).length ? seal(JSON.stringify(env)) : null;
}

export function openEnvironment(sealed: string | null): SealedEnvironment {
  if (!sealed) return { vars: {}, secretKeys: [], original: {} };
  return JSON.parse(unseal(sealed)) as SealedEnvironment;
}

/**
 * What is masked in a run's output: every referenced secret's value (wherever it appears, inside
 * larger values too), and the whole value of a variable whose name says it is secret (`API_TOKEN`)
 * when it was given literally. Runs sealed before secrets were recorded mask their secret
 * variables' whole values, as they did then.
 */
export function maskerFor(env: SealedEnvironment): SecretMasker {
  const values: string[] = [...(env.secrets ?? [])];
  for (const [k, v] of Object.entries(env.vars)) {
    const literal = env.original[k] ?? v;
    if (isSensitiveName(k) && !hasSecretRef(literal)) values.push(v);
    else if (!env.secrets && env.secretKeys.includes(k)) values.push(v);
  }
  return new SecretMasker(values.filter((v) => v.length >= MIN_SECRET_LENGTH));
}

/**
 * The environment as runs display it: references stay as written (`postgres://u:{{secret:PW}}@db`
 * shows which secret was used, never its value), a literal value under a secret-sounding name is
 * masked whole, and a secret's value typed literally anywhere is masked where it appears.
 */
export function displayEnvironment(env: SealedEnvironment, masker = maskerFor(env)): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env.original).map(([k, v]) => [k, isSensitiveName(k) && !hasSecretRef(v) ? MASK : masker.mask(v)]),
  );
}
