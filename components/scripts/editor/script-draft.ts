import type { RetryBackoff, ScriptDto, ScriptLanguage, ScriptStatus } from '../script-types';
import { STARTER_CODE } from './starter-code';

/**
 * What the editor form holds. Numbers and the parameter schema stay text while edited so a
 * half-typed value is not lost; they are parsed on save.
 */
export interface ScriptDraft {
  name: string;
  description: string;
  category: string;
  tags: string[];
  language: ScriptLanguage;
  status: ScriptStatus;
  timeout: string;
  max_retries: string;
  retry_backoff: RetryBackoff;
  retry_delay_seconds: string;
  /** Blank: the server's maximum. */
  disk_mb: string;
  allow_network: boolean;
  retry_on_worker_loss: boolean;
  parameters_schema: string;
  content: string;
}

// Same defaults the server applies on create; timeout blank means "the server's default".
export const newScriptDraft: ScriptDraft = {
  name: '',
  description: '',
  category: '',
  tags: [],
  language: 'python',
  status: 'draft',
  timeout: '',
  max_retries: '0',
  retry_backoff: 'exponential',
  retry_delay_seconds: '5',
  disk_mb: '',
  allow_network: false,
  retry_on_worker_loss: true,
  parameters_schema: '',
  content: STARTER_CODE.python,
};

export function draftFromScript(s: ScriptDto): ScriptDraft {
  return {
    name: s.name,
    description: s.description,
    category: s.category,
    tags: [...s.tags],
    language: s.language,
    status: s.status,
    timeout: String(s.timeout),
    max_retries: String(s.max_retries),
    retry_backoff: s.retry_backoff,
    retry_delay_seconds: String(s.retry_delay_seconds),
    disk_mb: s.disk_mb === null ? '' : String(s.disk_mb),
    allow_network: s.allow_network,
    retry_on_worker_loss: s.retry_on_worker_loss,
    parameters_schema: s.parameters_schema ? JSON.stringify(s.parameters_schema, null, 2) : '',
    content: s.content,
  };
}

export function sameDraft(a: ScriptDraft, b: ScriptDraft): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export type DraftField = keyof ScriptDraft;
/** Problems found before sending, as message keys per field. */
export type LocalErrors = Partial<
  Record<
    DraftField,
    'scripts.error.integer' | 'scripts.error.json' | 'scripts.error.jsonObject' | 'scripts.error.required'
  >
>;

export function parseSchema(
  text: string,
):
  | { ok: true; value: Record<string, unknown> | null }
  | { ok: false; error: 'scripts.error.json' | 'scripts.error.jsonObject'; detail?: string } {
  if (!text.trim()) return { ok: true, value: null };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return { ok: false, error: 'scripts.error.jsonObject' };
    return { ok: true, value: value as Record<string, unknown> };
  } catch (err) {
    return { ok: false, error: 'scripts.error.json', detail: (err as Error).message };
  }
}

function int(text: string): number | undefined | null {
  if (!text.trim()) return undefined;
  const n = Number(text);
  return Number.isInteger(n) ? n : null;
}

/** Converts the form to the API's shape, or says which fields must be fixed first. */
export function draftToInput(d: ScriptDraft): { errors: LocalErrors } | { errors: null; input: ScriptInputFields } {
  const errors: LocalErrors = {};
  if (!d.name.trim()) errors.name = 'scripts.error.required';
  const timeout = int(d.timeout);
  const maxRetries = int(d.max_retries);
  const retryDelay = int(d.retry_delay_seconds);
  const diskMb = int(d.disk_mb);
  if (diskMb === null) errors.disk_mb = 'scripts.error.integer';
  if (timeout === null) errors.timeout = 'scripts.error.integer';
  if (maxRetries === null) errors.max_retries = 'scripts.error.integer';
  else if (maxRetries === undefined) errors.max_retries = 'scripts.error.required';
  if (retryDelay === null) errors.retry_delay_seconds = 'scripts.error.integer';
  else if (retryDelay === undefined) errors.retry_delay_seconds = 'scripts.error.required';
  const schema = parseSchema(d.parameters_schema);
  if (!schema.ok) errors.parameters_schema = schema.error;
  if (Object.keys(errors).length > 0 || !schema.ok || maxRetries == null || retryDelay == null) return { errors };
  return {
    errors: null,
    input: {
      name: d.name.trim(),
      description: d.description,
      category: d.category.trim(),
      tags: d.tags,
      language: d.language,
      status: d.status,
      timeout: timeout ?? undefined,
      max_retries: maxRetries,
      retry_backoff: d.retry_backoff,
      retry_delay_seconds: retryDelay,
      disk_mb: diskMb ?? null,
      allow_network: d.allow_network,
      retry_on_worker_loss: d.retry_on_worker_loss,
      parameters_schema: schema.value,
      content: d.content,
    },
  };
}

export interface ScriptInputFields {
  name: string;
  description: string;
  category: string;
  tags: string[];
  language: ScriptLanguage;
  status: ScriptStatus;
  timeout: number | undefined;
  max_retries: number;
  retry_backoff: RetryBackoff;
  retry_delay_seconds: number;
  disk_mb: number | null;
  allow_network: boolean;
  retry_on_worker_loss: boolean;
  parameters_schema: Record<string, unknown> | null;
  content: string;
}
