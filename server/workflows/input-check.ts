import type { ValidateFunction } from 'ajv';
import { userSchemaAjv } from '@/server/input/json-schema';
import { AppError } from '@/server/errors/app-error';

const ajv = userSchemaAjv({ allErrors: true, coerceTypes: false, useDefaults: true });
const cache = new Map<string, ValidateFunction>();

/** Validates a run's input against the workflow's input_schema (like parameters-check.ts); every bad field is listed. */
export function checkRunInput(
  schema: unknown,
  input: Record<string, unknown>,
  cacheKey: string,
): Record<string, unknown> {
  if (!schema || typeof schema !== 'object') return input;
  let validate = cache.get(cacheKey);
  if (!validate) {
    try {
      validate = ajv.compile(schema as object);
    } catch (err) {
      // Saved before patterns were checked with RE2 (back-references, look-around): refused, never run in V8.
      throw new AppError('UNPROCESSABLE', `the workflow's input_schema cannot be used: ${(err as Error).message}`, {
        cause: err,
      });
    }
    if (cache.size > 500) cache.clear();
    cache.set(cacheKey, validate);
  }
  const copy = structuredClone(input); // useDefaults fills defaults in place
  if (validate(copy)) return copy;
  const details = (validate.errors ?? []).map((e) => {
    const missing =
      e.keyword === 'required' ? `/${String((e.params as { missingProperty?: string }).missingProperty)}` : '';
    const path = `${e.instancePath}${missing}`.replace(/^\//, '').replaceAll('/', '.');
    return {
      field: `input${path ? `.${path}` : ''}`,
      message: e.keyword === 'required' ? 'is required' : (e.message ?? 'is invalid'),
    };
  });
  throw new AppError(
    'VALIDATION_ERROR',
    `input does not match the workflow's input schema: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`,
    { details },
  );
}
