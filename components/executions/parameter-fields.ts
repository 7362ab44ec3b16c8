import type { MessageKey } from '@/components/i18n/locale';

/**
 * Turns a script's JSON Schema into form fields and the form's values back into
 * `input_parameters`. Only flat objects of scalar properties get dedicated inputs; any other
 * property becomes a JSON textarea, and a schema without properties a key/value editor, so every
 * schema the server accepts can still be filled in.
 */

interface FieldBase {
  name: string;
  label: string;
  description: string | null;
  required: boolean;
}

export type ParamField = FieldBase &
  (
    | { kind: 'string' }
    | { kind: 'number'; integer: boolean; min: number | null; max: number | null }
    | { kind: 'boolean' }
    | { kind: 'enum'; options: unknown[] }
    | { kind: 'json' }
  );

/** What the inputs hold: text for most, a flag for checkboxes, the option index for enums. */
export type ParamValues = Record<string, string | boolean>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `["string", "null"]` is a nullable string: treat it as its one real type. */
function singleType(type: unknown): string | null {
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const real = type.filter((x) => x !== 'null');
    return real.length === 1 && typeof real[0] === 'string' ? real[0] : null;
  }
  return null;
}

function describe(name: string, prop: Record<string, unknown>, required: boolean): ParamField {
  const base: FieldBase = {
    name,
    label: typeof prop.title === 'string' && prop.title ? prop.title : name,
    description: typeof prop.description === 'string' && prop.description ? prop.description : null,
    required,
  };
  if (Array.isArray(prop.enum) && prop.enum.length > 0) return { ...base, kind: 'enum', options: prop.enum };
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  const type = singleType(prop.type);
  switch (type) {
    case 'string':
      return { ...base, kind: 'string' };
    case 'number':
    case 'integer':
      return { ...base, kind: 'number', integer: type === 'integer', min: num(prop.minimum), max: num(prop.maximum) };
    case 'boolean':
      return { ...base, kind: 'boolean' };
    default:
      return { ...base, kind: 'json' };
  }
}

/** The form fields of a schema, or null when it lists no properties (then a key/value editor is used). */
export function fieldsFromSchema(schema: Record<string, unknown> | null): ParamField[] | null {
  if (!schema || !isRecord(schema.properties)) return null;
  const required = new Set(
    Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : [],
  );
  const fields = Object.entries(schema.properties)
    .filter((entry): entry is [string, Record<string, unknown>] => isRecord(entry[1]))
    .map(([name, prop]) => describe(name, prop, required.has(name)));
  return fields.length ? fields : null;
}

function defaultOf(schema: Record<string, unknown> | null, name: string): unknown {
  const props = schema && isRecord(schema.properties) ? schema.properties : {};
  const prop = props[name];
  return isRecord(prop) ? prop.default : undefined;
}

export function initialValues(fields: ParamField[], schema: Record<string, unknown> | null): ParamValues {
  const values: ParamValues = {};
  for (const f of fields) {
    const d = defaultOf(schema, f.name);
    switch (f.kind) {
      case 'string':
        values[f.name] = typeof d === 'string' ? d : '';
        break;
      case 'number':
        values[f.name] = typeof d === 'number' ? String(d) : '';
        break;
      case 'boolean':
        values[f.name] = d === true;
        break;
      case 'enum': {
        const index = d === undefined ? -1 : f.options.findIndex((o) => JSON.stringify(o) === JSON.stringify(d));
        values[f.name] = index >= 0 ? String(index) : '';
        break;
      }
      case 'json':
        values[f.name] = d === undefined ? '' : JSON.stringify(d, null, 2);
        break;
    }
  }
  return values;
}

/**
 * Empty inputs are left out rather than sent as "" so the server's schema check reports a missing
 * required field by name and fills in defaults itself.
 */
export function buildParameters(
  fields: ParamField[],
  values: ParamValues,
): { params: Record<string, unknown>; errors: Record<string, MessageKey> } {
  const params: Record<string, unknown> = {};
  const errors: Record<string, MessageKey> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.kind === 'boolean') {
      params[f.name] = v === true;
      continue;
    }
    const text = typeof v === 'string' ? v : '';
    if (text.trim() === '') continue;
    switch (f.kind) {
      case 'string':
        params[f.name] = text;
        break;
      case 'number': {
        const n = Number(text);
        if (Number.isFinite(n)) params[f.name] = n;
        else errors[f.name] = 'executions.param.notNumber';
        break;
      }
      case 'enum':
        params[f.name] = f.options[Number(text)];
        break;
      case 'json':
        try {
          params[f.name] = JSON.parse(text);
        } catch {
          errors[f.name] = 'executions.param.invalidJson';
        }
        break;
    }
  }
  return { params, errors };
}

/** The inputs' values for saved parameters (a schedule's) over the schema's defaults: buildParameters reversed. */
export function valuesFromParameters(
  fields: ParamField[],
  schema: Record<string, unknown> | null,
  params: Record<string, unknown>,
): ParamValues {
  const values = initialValues(fields, schema);
  for (const f of fields) {
    if (!(f.name in params)) continue;
    const v = params[f.name];
    switch (f.kind) {
      case 'string':
        values[f.name] = typeof v === 'string' ? v : JSON.stringify(v);
        break;
      case 'number':
        values[f.name] = typeof v === 'number' ? String(v) : JSON.stringify(v);
        break;
      case 'boolean':
        values[f.name] = v === true;
        break;
      case 'enum': {
        const index = f.options.findIndex((o) => JSON.stringify(o) === JSON.stringify(v));
        values[f.name] = index >= 0 ? String(index) : '';
        break;
      }
      case 'json':
        values[f.name] = JSON.stringify(v, null, 2);
        break;
    }
  }
  return values;
}
