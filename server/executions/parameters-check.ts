import type { ValidateFunction } from 'ajv';
import { userSchemaAjv } from '@/server/input/json-schema';
import { AppError } from '@/server/errors/app-error';

const ajv = userSchemaAjv({ allErrors: true, coerceTypes: false, useDefaults: true });
const cache = new Map<string, ValidateFunction>();

/** Validates run inputs against the script's JSON Schema; every bad field is listed. */
export function checkParameters(
  schema: unknown,
  params: Record<string, unknown>,
  cacheKey: string,
): Record<string, unknown> {
  if (!schema || typeof schema !== 'object') return params;
  let validate = cache.get(cacheKey);
  if (!validate) {
    try {
      validate = ajv.compile(schema as object);
    } catch (err) {
      // Saved before patterns were checked with RE2 (back-references, look-around): refused, never run in V8.
      throw new AppError('UNPROCESSABLE', `the script's parameters_schema cannot be used: ${(err as Error).message}`, {
        cause: err,
      });
    }
    if (cache.size > 500) cache.clear();
    cache.set(cacheKey, validate);
  }
  const copy = structuredClone(params); // useDefaults fills defaults in place
  if (validate(copy)) return copy;
  const details = (validate.errors ?? []).map((e) => {
    const missing =
      e.keyword === 'required' ? `/${String((e.params as { missingProperty?: string }).missingProperty)}` : '';
    const path = `${e.instancePath}${missing}`.replace(/^\//, '').replaceAll('/', '.');
    return {
      field: `input_parameters${path ? `.${path}` : ''}`,
      message: e.keyword === 'required' ? 'is required' : (e.message ?? 'is invalid'),
    };
  });
  throw new AppError(
    'VALIDATION_ERROR',
    `input_parameters do not match the script's parameter schema: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`,
    { details },
  );
}
