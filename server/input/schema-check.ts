import type { ValidateFunction } from 'ajv';
import { AppError } from '@/server/errors/app-error';
import { userSchemaAjv } from './json-schema';

const ajv = userSchemaAjv({ allErrors: true, coerceTypes: false, useDefaults: true });
const cache = new Map<string, ValidateFunction>();

/** How a refusal names what was checked: the field prefix, the schema and the mismatch. */
export interface SchemaCheckWording {
  /** Prefix of every detail's field (`input_parameters`, `input`). */
  field: string;
  /** Names the schema in "… cannot be used" (`the script's parameters_schema`). */
  schema: string;
  /** Starts the message of a mismatch (`input_parameters do not match the script's parameter schema`). */
  mismatch: string;
}

/**
 * Validates a run's input against a user-written JSON Schema, with its defaults filled in (on a
 * copy); every bad field is listed. `cacheKey` names one version of the schema.
 */
export function checkAgainstSchema(
  schema: unknown,
  value: Record<string, unknown>,
  cacheKey: string,
  wording: SchemaCheckWording,
): Record<string, unknown> {
  if (!schema || typeof schema !== 'object') return value;
  const key = `${wording.field}:${cacheKey}`;
  let validate = cache.get(key);
  if (!validate) {
    try {
      validate = ajv.compile(schema as object);
    } catch (err) {
      // Saved before patterns were checked with RE2 (back-references, look-around): refused, never run in V8.
      throw new AppError('UNPROCESSABLE', `${wording.schema} cannot be used: ${(err as Error).message}`, {
        cause: err,
      });
    }
    if (cache.size > 1000) cache.clear();
    cache.set(key, validate);
  }
  const copy = structuredClone(value); // useDefaults fills defaults in place
  if (validate(copy)) return copy;
  const details = (validate.errors ?? []).map((e) => {
    const missing =
      e.keyword === 'required' ? `/${String((e.params as { missingProperty?: string }).missingProperty)}` : '';
    const path = `${e.instancePath}${missing}`.replace(/^\//, '').replaceAll('/', '.');
    return {
      field: `${wording.field}${path ? `.${path}` : ''}`,
      message: e.keyword === 'required' ? 'is required' : (e.message ?? 'is invalid'),
    };
  });
  throw new AppError(
    'VALIDATION_ERROR',
    `${wording.mismatch}: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`,
    { details },
  );
}
