/**
 * The one catalogue of messages the server emits as codes (validation findings, syntax errors,
 * workflow issues, execution errors, audit summaries, status and trigger names), with an English and
 * a Chinese text each. The server stores and answers `{ code, params, message }`: `message` is the
 * English text for REST integrators, the UI renders `code` in the reader's language and falls back
 * to `message` for a code it does not know (an older row, a newer server).
 *
 * Client-safe: imported by components, so it must never import server runtime code.
 */
import { auditMessages } from './areas/audit.shared';
import { executionMessages } from './areas/executions.shared';
import { nameMessages } from './areas/names.shared';
import { validationMessages } from './areas/validation.shared';
import { workflowMessages } from './areas/workflows.shared';

export type MessageLocale = 'en' | 'zh';
export interface MessageText {
  readonly en: string;
  readonly zh: string;
}
export type MessageParams = Record<string, string | number>;

export const MESSAGES = {
  ...validationMessages,
  ...workflowMessages,
  ...executionMessages,
  ...auditMessages,
  ...nameMessages,
} as const satisfies Record<string, MessageText>;

export type MessageCode = keyof typeof MESSAGES;

/** What the server answers and stores; `message` is always the English text. */
export interface CodedMessage {
  code: MessageCode;
  params: MessageParams;
  message: string;
}

const catalogue: Readonly<Record<string, MessageText>> = MESSAGES;

export function isMessageCode(code: unknown): code is MessageCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(catalogue, code);
}

/**
 * `{name}` is replaced by `params.name`. A parameter whose name ends in `_code` holds another
 * message code, rendered in the same language with the same parameters: `{rule_code}` directly, or
 * `{worker}` when only `worker_code` is given. So a finding can say "command run via os.system():
 * <the rule's text>", and a missing worker is "unknown" in the reader's language. So no other
 * parameter may end in `_code`.
 */
export function formatMessage(code: MessageCode, params: MessageParams, locale: MessageLocale, depth = 0): string {
  const text = catalogue[code]![locale];
  const nested = (value: unknown) =>
    depth < 3 && isMessageCode(value) ? formatMessage(value, params, locale, depth + 1) : null;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (name.endsWith('_code')) return nested(params[name]) ?? whole;
    const value = params[name];
    if (value !== undefined) return String(value);
    return nested(params[`${name}_code`]) ?? whole;
  });
}

export function coded(code: MessageCode, params: MessageParams = {}): CodedMessage {
  return { code, params, message: formatMessage(code, params, 'en') };
}

/** Only string and number values travel as parameters (anything else is dropped). */
export function cleanParams(params: unknown): MessageParams {
  const out: MessageParams = {};
  if (!params || typeof params !== 'object' || Array.isArray(params)) return out;
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return out;
}

/** The UI's way in: the coded text in `locale`, or the stored English message for an unknown code. */
export function renderMessage(
  m: { code?: string | null; params?: unknown; message?: string | null },
  locale: MessageLocale,
): string {
  if (isMessageCode(m.code)) return formatMessage(m.code, cleanParams(m.params), locale);
  return m.message ?? '';
}

/** The `{name}` placeholders of a text, for the catalogue test (both languages must use the same ones). */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}
