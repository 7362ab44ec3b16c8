import { Ajv, type ValidateFunction } from 'ajv';
import { AppError } from '@/server/errors/app-error';

const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: false, useDefaults: true });
const cache = new Map<string, ValidateFunction>();

/** Validates a run's input against the workflow's input_schema (like parameters-check.ts); every bad field is listed. */
export function checkRunInput(schema: unknown, input: Record<string, unknown>, cacheKey: string): Record<string, unknown> {
  if (!schema || typeof schema !== 'object') return input;
  let validate = cache.get(cacheKey);
  if (!validate) {
    validate = ajv.compile(schema as object);
    if (cache.size > 500) cache.clear();
    cache.set(cacheKey, validate);
  }
  const copy = structuredClone(input); // useDefaults fills defaults in place
  if (validate(copy)) return copy;
  const details = (validate.errors ?? []).map((e) => {
    const missing = e.keyword === 'required' ? `/${String((e.params as { missingProperty?: string }).missingProperty)}` : '';
    const path = `${e.instancePath}${missing}`.replace(/^\//, '').replaceAll('/', '.');
    return { field: `input${path ? `.${path}` : ''}`, message: e.keyword === 'required' ? 'is required' : (e.message ?? 'is invalid') };
  });
  throw new AppError('VALIDATION_ERROR', `input does not match the workflow's input schema: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`, { details });
}
