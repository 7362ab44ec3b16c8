import { Ajv, type ValidateFunction } from 'ajv';
import { AppError } from '@/server/errors/app-error';

const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: false, useDefaults: true });
const cache = new Map<string, ValidateFunction>();

/** Validates run inputs against the script's JSON Schema; every bad field is listed. */
export function checkParameters(schema: unknown, params: Record<string, unknown>, cacheKey: string): Record<string, unknown> {
  if (!schema || typeof schema !== 'object') return params;
  let validate = cache.get(cacheKey);
  if (!validate) {
    validate = ajv.compile(schema as object);
    if (cache.size > 500) cache.clear();
    cache.set(cacheKey, validate);
  }
  const copy = structuredClone(params); // useDefaults fills defaults in place
  if (validate(copy)) return copy;
  const details = (validate.errors ?? []).map((e) => {
    const missing = e.keyword === 'required' ? `/${String((e.params as { missingProperty?: string }).missingProperty)}` : '';
    const path = `${e.instancePath}${missing}`.replace(/^\//, '').replaceAll('/', '.');
    return { field: `input_parameters${path ? `.${path}` : ''}`, message: e.keyword === 'required' ? 'is required' : (e.message ?? 'is invalid') };
  });
  throw new AppError('VALIDATION_ERROR', `input_parameters do not match the script's parameter schema: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`, { details });
}
