import { describe, expect, it } from 'vitest';
import { MASK, MIN_ENCODED_BYTES, SecretMasker, secretForms } from './secret-masker';

const S = 'Pa55:w/rd "q\\ü+x?';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const masker = new SecretMasker([S]);

/** Python's urllib.parse.quote / quote_plus, as a script would call them. */
const pyQuote = (s: string, plus: boolean) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) => {
      const c = String.fromCharCode(b);
      if (/[A-Za-z0-9_.~-]/.test(c) || (!plus && c === '/')) return c;
      if (plus && c === ' ') return '+';
      return `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');

describe('masking table: each form of a secret, inside larger output', () => {
  const cases: Array<[string, string]> = [
    ['plain', S],
    ['JSON string escaping', JSON.stringify(S).slice(1, -1)],
    ['JSON, ASCII-only (Python json.dumps)', JSON.stringify(S).slice(1, -1).replace(/ü/g, '\\u00fc')],
    ['JSON escaped twice', JSON.stringify(JSON.stringify(S)).slice(2, -2)],
    ['encodeURIComponent', encodeURIComponent(S)],
    ['encodeURIComponent, lower-case hex', encodeURIComponent(S).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())],
    ['Python quote', pyQuote(S, false)],
    ['Python quote_plus', pyQuote(S, true)],
    ['hex lower', Buffer.from(S).toString('hex')],
    ['hex upper', Buffer.from(S).toString('hex').toUpperCase()],
    ['base64 offset 0', b64(S)],
    ['base64 offset 1', b64(`x${S}`)],
    ['base64 offset 2', b64(`xy${S}`)],
    ['base64 offset 0 with trailing newline (echo | base64)', b64(`${S}\n`)],
    ['base64url offset 0', b64url(S)],
    ['base64url offset 1', b64url(`x${S}`)],
    ['base64url offset 2', b64url(`xy${S}`)],
    ['base64 inside a longer encoded composite value', b64(`postgres://u:${S}@db/x`)],
  ];
  it.each(cases)('%s', (_name, form) => {
    const text = `before ${form} after`;
    const masked = masker.mask(text);
    expect(masked).toContain(MASK);
    expect(masked.startsWith('before ')).toBe(true);
    expect(masked.endsWith(' after')).toBe(true);
    // The form itself is gone.
    expect(masked).not.toContain(form.length > 12 ? form.slice(3, -3) : form);
  });

  it('masks the secret inside a composite value, not the whole value', () => {
    expect(masker.mask(`postgres://u:${S}@db/x`)).toBe(`postgres://u:${MASK}@db/x`);
  });

  it('leaves unrelated text alone', () => {
    expect(masker.mask('nothing to see, dW5yZWxhdGVk 70617373')).toBe('nothing to see, dW5yZWxhdGVk 70617373');
  });
});

describe('minimum lengths', () => {
  it('masks nothing of a value under 3 characters', () => {
    expect(secretForms('ab')).toEqual([]);
    expect(new SecretMasker(['ab']).mask('ab cab')).toBe('ab cab');
  });
  it('masks a 3-5 byte secret plainly and in its JSON and URL forms, but not hex or base64', () => {
    const m = new SecretMasker(['a"b/c']);
    expect(m.mask('x a"b/c y')).toBe(`x ${MASK} y`);
    expect(m.mask('x a\\"b/c y')).toBe(`x ${MASK} y`);
    expect(m.mask('x a%22b%2Fc y')).toBe(`x ${MASK} y`);
    expect(m.mask(Buffer.from('a"b/c').toString('hex'))).not.toContain(MASK);
    expect(m.mask(b64('a"b/c'))).not.toContain(MASK);
    expect(Buffer.byteLength('a"b/c')).toBeLessThan(MIN_ENCODED_BYTES);
  });
  it(`masks hex and base64 from ${MIN_ENCODED_BYTES} bytes on`, () => {
    const m = new SecretMasker(['abcdef']);
    expect(m.mask(Buffer.from('abcdef').toString('hex'))).toBe(MASK);
    expect(m.mask(b64('xyabcdefz'))).toContain(MASK);
  });
});

describe('results are masked on parsed values', () => {
  it('masks secrets with quotes and backslashes inside strings and keys, keeping valid JSON', () => {
    const m = new SecretMasker(['q"u\\ote']);
    const out = m.maskValue({ a: 'x q"u\\ote y', ['q"u\\ote']: [1, 'q"u\\ote'], n: null, ok: true });
    expect(out).toEqual({ a: `x ${MASK} y`, [MASK]: [1, MASK], n: null, ok: true });
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });
  it('a secret that is a substring of other JSON does not corrupt it', () => {
    const m = new SecretMasker(['123']);
    const value = { count: 1234, list: [123, 41235], text: 'id 1234', '123': 'k' };
    expect(m.maskValue(value)).toEqual({ count: 1234, list: [MASK, 41235], text: `id ${MASK}4`, [MASK]: 'k' });
  });
  it('a secret made of JSON punctuation leaves the structure intact', () => {
    const m = new SecretMasker(['":{"', '},{']);
    expect(m.maskValue([{ a: 1 }, { b: 'x},{y' }])).toEqual([{ a: 1 }, { b: `x${MASK}y` }]);
  });
});
