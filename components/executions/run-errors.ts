/** The parts of a tRPC error the run form reads; `details` comes from the server's error formatter. */
export interface ServerError {
  message: string;
  data?: { details?: { field: string; message: string }[] } | null;
}

export interface RunErrors {
  /** By parameter name (the first path segment after `input_parameters.`). */
  params: Record<string, string>;
  /** By environment variable name. */
  env: Record<string, string>;
  timeout: string | null;
  /** Whatever could not be pinned to one input, shown above the Run button. */
  general: string[];
}

export const noRunErrors: RunErrors = { params: {}, env: {}, timeout: null, general: [] };

/** Splits a server validation error into per-input messages, keeping anything unmatched as general. */
export function splitServerError(
  err: ServerError,
  knownParams: ReadonlySet<string>,
  knownEnv: ReadonlySet<string>,
): RunErrors {
  const out: RunErrors = { params: {}, env: {}, timeout: null, general: [] };
  const details = err.data?.details ?? [];
  for (const d of details) {
    const [root, name, ...rest] = d.field.split('.');
    const message = rest.length ? `${rest.join('.')}: ${d.message}` : d.message;
    if (root === 'input_parameters' && name && knownParams.has(name))
      out.params[name] = out.params[name] ? `${out.params[name]}; ${message}` : message;
    else if (root === 'environment_vars' && name && knownEnv.has(name)) out.env[name] = message;
    else if (root === 'timeout' && !name) out.timeout = d.message;
    else out.general.push(`${d.field}: ${d.message}`);
  }
  if (!details.length) out.general.push(err.message);
  return out;
}
