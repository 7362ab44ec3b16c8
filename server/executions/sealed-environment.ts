import { seal, unseal } from '@/server/crypto/seal';

export interface SealedEnvironment {
  /** What the script receives: secret references already resolved. */
  vars: Record<string, string>;
  /** Variables that hold secret material: masked in logs whatever their name. */
  secretKeys: string[];
  /** As the caller sent them (with `{{secret:NAME}}` references), for re-runs. */
  original: Record<string, string>;
}

export function sealEnvironment(env: SealedEnvironment): string | null {
  return Object.keys(env.vars).length ? seal(JSON.stringify(env)) : null;
}

export function openEnvironment(sealed: string | null): SealedEnvironment {
  if (!sealed) return { vars: {}, secretKeys: [], original: {} };
  return JSON.parse(unseal(sealed)) as SealedEnvironment;
}
