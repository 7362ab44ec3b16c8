import type { FieldError } from '@/server/errors/app-error';
import { linearRegExp } from '@/server/input/linear-regex';
import { hasUnpairedSurrogate } from './literals';
import {
  MAX_VALUE_CHARS,
  RESERVED_ENV,
  SECRET_NAME,
  type ParameterValue,
  type TemplateParameter,
} from './templates.schema';

type Checked = { ok: true; value: ParameterValue } | { ok: false; message: string };

const NUMERIC = /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

/**
 * Checks one value against its parameter definition and brings it to the parameter's type (form
 * inputs send numbers and booleans as text).
 */
export function checkValue(p: TemplateParameter, raw: ParameterValue): Checked {
  const v = p.validation;
  switch (p.type) {
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && NUMERIC.test(raw) ? Number(raw) : NaN;
      if (!Number.isFinite(n)) return { ok: false, message: 'must be a number' };
      if (v.min !== undefined && n < v.min) return { ok: false, message: `must be at least ${v.min}` };
      if (v.max !== undefined && n > v.max) return { ok: false, message: `must be at most ${v.max}` };
      return { ok: true, value: n };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (raw === 'true' || raw === 'false') return { ok: true, value: raw === 'true' };
      return { ok: false, message: 'must be true or false' };
    }
    case 'enum': {
      if (typeof raw !== 'string' || !v.options?.includes(raw))
        return { ok: false, message: `must be one of: ${(v.options ?? []).join(', ')}` };
      return { ok: true, value: raw };
    }
    case 'secret': {
      if (typeof raw !== 'string' || !SECRET_NAME.test(raw))
        return { ok: false, message: 'must be the name of a secret / environment variable in UPPER_SNAKE_CASE' };
      if (RESERVED_ENV.test(raw))
        return { ok: false, message: `${raw} is reserved by the sandbox; choose another name` };
      return { ok: true, value: raw };
    }
    case 'string': {
      if (typeof raw !== 'string') return { ok: false, message: 'must be a string' };
      if (raw.includes('\0')) return { ok: false, message: 'must not contain NUL bytes' };
      if (hasUnpairedSurrogate(raw)) return { ok: false, message: 'must be valid Unicode text' };
      if (raw.length > MAX_VALUE_CHARS) return { ok: false, message: `must be at most ${MAX_VALUE_CHARS} characters` };
      if (v.min !== undefined && raw.length < v.min)
        return { ok: false, message: `must be at least ${v.min} characters` };
      if (v.max !== undefined && raw.length > v.max)
        return { ok: false, message: `must be at most ${v.max} characters` };
      if (v.pattern !== undefined && !linearRegExp(v.pattern).test(raw))
        return { ok: false, message: `must match ${v.pattern}` };
      return { ok: true, value: raw };
    }
  }
}

/**
 * Resolves every parameter: the given value, else the default, else null (refused when
 * required). An empty text counts as "not given", except for an optional string, where it is the
 * value. Unknown names are refused so a typo does not silently fall back to a default.
 */
export function resolveValues(
  parameters: readonly TemplateParameter[],
  values: Record<string, ParameterValue | null>,
  field = 'values',
): { values: Record<string, ParameterValue | null>; issues: FieldError[] } {
  const issues: FieldError[] = [];
  const out: Record<string, ParameterValue | null> = {};
  const known = new Set(parameters.map((p) => p.name));
  for (const name of Object.keys(values)) {
    if (!known.has(name)) issues.push({ field: `${field}.${name}`, message: 'is not a parameter of this template' });
  }
  for (const p of parameters) {
    const given = values[p.name];
    const explicitEmpty = given === '' && p.type === 'string' && !p.required;
    const raw = given === undefined || given === null || (given === '' && !explicitEmpty) ? (p.default ?? null) : given;
    if (raw === null || (raw === '' && !explicitEmpty && (p.required || p.type !== 'string'))) {
      if (p.required) issues.push({ field: `${field}.${p.name}`, message: 'is required' });
      out[p.name] = null;
      continue;
    }
    const checked = checkValue(p, raw);
    if (checked.ok) out[p.name] = checked.value;
    else {
      issues.push({ field: `${field}.${p.name}`, message: checked.message });
      out[p.name] = null;
    }
  }
  return { values: out, issues };
}

/** A definition's default must itself be a valid value. */
export function checkDefaults(parameters: readonly TemplateParameter[], field = 'parameters'): FieldError[] {
  const issues: FieldError[] = [];
  parameters.forEach((p, i) => {
    if (p.default === undefined || p.default === null || (p.default === '' && p.type !== 'string')) return;
    const checked = checkValue(p, p.default);
    if (!checked.ok) issues.push({ field: `${field}.${i}.default`, message: checked.message });
  });
  return issues;
}
