import { checkAgainstSchema } from '@/server/input/schema-check';

const WORDING = {
  field: 'input_parameters',
  schema: "the script's parameters_schema",
  mismatch: "input_parameters do not match the script's parameter schema",
};

/** Validates run inputs against the script's JSON Schema; every bad field is listed. */
export function checkParameters(
  schema: unknown,
  params: Record<string, unknown>,
  cacheKey: string,
): Record<string, unknown> {
  return checkAgainstSchema(schema, params, cacheKey, WORDING);
}
