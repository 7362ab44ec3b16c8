/**
 * Masks secret values, and the forms a script commonly prints them in, in any text or JSON value
 * a run produces. Pure: the worker builds one per run from the values its environment carries.
 *
 * | form                                                     | masked when the secret has |
 * |----------------------------------------------------------|----------------------------|
 * | the value itself                                         | ≥ 3 characters             |
 * | JSON string escaping (also `\uXXXX` for non-ASCII, and   | ≥ 3 characters             |
 * | escaped twice: JSON inside a JSON string)                |                            |
 * | URL encoding (encodeURIComponent, form `+`, Python       | ≥ 3 characters             |
 * | quote / quote_plus; upper- and lower-case hex)           |                            |
 * | hex of its UTF-8 bytes (lower, upper)                    | ≥ 6 bytes                  |
 * | base64 (standard and URL-safe) at byte offsets 0, 1, 2   | ≥ 6 bytes                  |
 *
 * Base64 of a secret inside a longer input depends on where the secret starts within a 3-byte
 * group; for each offset the characters that only the secret's bits decide are masked (one or two
 * characters on each edge also carry neighbouring bits and stay visible). Encoded forms of shorter
 * secrets are a handful of characters that would match unrelated output all the time, so they are
 * not masked; secrets are refused below 3 characters (secrets.ts).
 */
import { MASK } from '@/server/executions/sensitive-env.shared';

export { MASK };
export const MIN_SECRET_LENGTH = 3;
export const MIN_ENCODED_BYTES = 6;

const hex2 = (b: number, upper: boolean) => {
  const h = b.toString(16).padStart(2, '0');
  return upper ? h.toUpperCase() : h;
};

/** Percent-encodes every byte not in `keep`; `plus` writes a space as `+`. */
function percentEncode(s: string, keep: RegExp, plus: boolean, upper: boolean): string {
  let out = '';
  for (const ch of s) {
    if (keep.test(ch)) out += ch;
    else if (plus && ch === ' ') out += '+';
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${hex2(b, upper)}`;
  }
  return out;
}

function urlForms(s: string): string[] {
  const out: string[] = [];
  for (const upper of [true, false]) {
    out.push(
      percentEncode(s, /^[A-Za-z0-9\-_.!~*'()]$/, false, upper), // encodeURIComponent
      percentEncode(s, /^[A-Za-z0-9\-_.!~*'()]$/, true, upper), // the same, form-encoded spaces
      percentEncode(s, /^[A-Za-z0-9\-_.~/]$/, false, upper), // Python urllib.parse.quote
      percentEncode(s, /^[A-Za-z0-9\-_.~]$/, true, upper), // Python urllib.parse.quote_plus
      percentEncode(s, /^[A-Za-z0-9\-_.~]$/, false, upper), // RFC 3986 unreserved only (curl, Go)
    );
  }
  return out;
}

function jsonForms(s: string): string[] {
  const once = JSON.stringify(s).slice(1, -1);
  const ascii = once.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return [once, ascii, JSON.stringify(once).slice(1, -1), JSON.stringify(ascii).slice(1, -1)];
}

/** The base64 characters decided by the secret's bits alone, when it starts `offset` bytes into a 3-byte group. */
function base64Fragments(bytes: Buffer): string[] {
  const out: string[] = [];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const fragment = encoded.slice(start, end);
    out.push(fragment, fragment.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

/** Every form of one secret that is masked, longest first. Empty for a value too short to mask. */
export function secretForms(secret: string): string[] {
  if (secret.length < MIN_SECRET_LENGTH) return [];
  const forms = new Set<string>([secret, ...jsonForms(secret), ...urlForms(secret)]);
  const bytes = Buffer.from(secret, 'utf8');
  if (bytes.length >= MIN_ENCODED_BYTES) {
    forms.add(bytes.toString('hex'));
    forms.add(bytes.toString('hex').toUpperCase());
    for (const f of base64Fragments(bytes)) forms.add(f);
  }
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

export class SecretMasker {
  /** Every form of every secret, longest first, so a form containing another is masked whole. */
  readonly forms: readonly string[];
  /** The longest form's length: what a streaming caller holds back between two writes. */
  readonly longest: number;
  private readonly exact: ReadonlySet<string>;

  constructor(secrets: Iterable<string>) {
    const all = new Set<string>();
    for (const s of new Set(secrets)) for (const f of secretForms(s)) all.add(f);
    this.forms = [...all].sort((a, b) => b.length - a.length);
    this.longest = this.forms[0]?.length ?? 0;
    this.exact = all;
  }

  get empty(): boolean {
    return this.forms.length === 0;
  }

  /** Replaces every form of every secret in `text`. */
  mask(text: string): string {
    let out = text;
    for (const f of this.forms) if (out.includes(f)) out = out.split(f).join(MASK);
    return out;
  }

  /**
   * Masks a parsed JSON value: strings (values and keys) are masked inside; a number whose text is
   * a secret becomes the mask (a number that merely contains a secret's digits is left as it is).
   * The structure and every other value are kept, so the result stays valid JSON.
   */
  maskValue(value: unknown): unknown {
    if (this.empty) return value;
    if (typeof value === 'string') return this.mask(value);
    if (typeof value === 'number') return this.exact.has(String(value)) ? MASK : value;
    if (Array.isArray(value)) return value.map((v) => this.maskValue(v));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.mask(k), this.maskValue(v)]));
    }
    return value;
  }
}
