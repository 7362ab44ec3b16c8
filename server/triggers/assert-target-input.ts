import { AppError, type FieldError } from '@/server/errors/app-error';
import { checkParameters } from '@/server/executions/parameters-check';
import { getScriptRow } from '@/server/scripts/get-script';
import { getWorkflowRow } from '@/server/workflows/get-workflow';
import { checkRunInput } from '@/server/workflows/input-check';
import type { Target } from './start-target';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The target's JSON Schema for its input (a script's parameters, a workflow's input), and a cache key for ajv. */
async function targetSchema(target: Target): Promise<{ schema: unknown; cacheKey: string; noun: string }> {
  if (target.type === 'script') {
    const s = await getScriptRow(target.id);
    const cacheKey = `${s.id}@${s.updatedAt.getTime()}`;
    return { schema: s.parametersSchema, cacheKey, noun: "script's parameter schema" };
  }
  const w = await getWorkflowRow(target.id);
  return { schema: w.inputSchema, cacheKey: `${w.id}@${w.updatedAt.getTime()}`, noun: "workflow's input schema" };
}

function refuse(what: string, details: FieldError[]): never {
  const list = details.map((d) => `${d.field} ${d.message}`).join('; ');
  throw new AppError('UNPROCESSABLE', `${list}: ${what}`, { details });
}

/**
 * At save of a schedule: its fixed input goes through the same ajv check a tick's run would, so a
 * schedule that can only fail (a required parameter missing, a wrong type) is refused with a 422
 * naming the parameter instead of being saved as active.
 */
export async function assertScheduleInput(target: Target, input: Record<string, unknown>): Promise<void> {
  const { schema, cacheKey, noun } = await targetSchema(target);
  try {
    if (target.type === 'script') checkParameters(schema, input, cacheKey);
    else checkRunInput(schema, input, cacheKey);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'VALIDATION_ERROR') throw err;
    // The workflow check names fields `input.x`; a schedule's field is `input_parameters`.
    const details = err.details.map((d) => ({ ...d, field: d.field.replace(/^input(?=\.|$)/, 'input_parameters') }));
    refuse(`the ${noun} refuses this input, so every tick would fail`, details);
  }
}

/**
 * At save of a trigger with a parameter mapping: the run's input is exactly the mapped names, so a
 * required parameter that is neither mapped nor has a default can never be satisfied. Without a
 * mapping the input is the event's payload, known only when it arrives: nothing to check here.
 */
export async function assertTriggerMapping(target: Target, mapping: Record<string, string> | null): Promise<void> {
  if (!mapping || Object.keys(mapping).length === 0) return;
  const { schema, noun } = await targetSchema(target);
  if (!isRecord(schema)) return;
  const required = Array.isArray(schema.required)
    ? schema.required.filter((r): r is string => typeof r === 'string')
    : [];
  const props = isRecord(schema.properties) ? schema.properties : {};
  const missing = required.filter((name) => !(name in mapping) && !(isRecord(props[name]) && 'default' in props[name]));
  if (missing.length === 0) return;
  refuse(
    `the ${noun} requires it and the mapping does not set it, so every run would fail`,
    missing.map((name) => ({ field: `parameter_mapping.${name}`, message: 'is required' })),
  );
}
