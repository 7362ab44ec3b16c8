import { checkAgainstSchema } from '@/server/input/schema-check';

const WORDING = {
  field: 'input',
  schema: "the workflow's input_schema",
  mismatch: "input does not match the workflow's input schema",
};

/** Validates a run's input against the workflow's input_schema; every bad field is listed. */
export function checkRunInput(
  schema: unknown,
  input: Record<string, unknown>,
  cacheKey: string,
): Record<string, unknown> {
  return checkAgainstSchema(schema, input, cacheKey, WORDING);
}
