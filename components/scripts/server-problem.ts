import { TRPCClientError } from '@trpc/client';

export interface FieldProblem {
  field: string;
  message: string;
  /** A message-catalogue code with its parameters, when the server sent one (render with useServerMessage). */
  code?: string;
  params?: Record<string, string | number>;
}

/** A refused request as the forms show it: a summary line plus messages keyed by form field. */
export interface ServerProblem {
  message: string;
  details: FieldProblem[];
  byField: Partial<Record<string, string>>;
}

function isFieldProblem(v: unknown): v is FieldProblem {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as FieldProblem).field === 'string' &&
    typeof (v as FieldProblem).message === 'string'
  );
}

/** Update errors name fields as `patch.name` or `tags.2`; forms only know the top-level field. */
export function formField(path: string): string {
  const parts = path.split('.');
  const start = parts[0] === 'patch' ? 1 : 0;
  return parts[start] ?? path;
}

export function serverProblem(err: unknown): ServerProblem | null {
  if (!err) return null;
  const message = err instanceof Error ? err.message : String(err);
  const raw = err instanceof TRPCClientError ? (err.data as { details?: unknown } | undefined)?.details : undefined;
  const details = Array.isArray(raw) ? raw.filter(isFieldProblem) : [];
  const byField: Partial<Record<string, string>> = {};
  for (const d of details) {
    const key = formField(d.field);
    byField[key] = byField[key] ? `${byField[key]}; ${d.message}` : d.message;
  }
  return { message, details, byField };
}
