import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env';

describe('parseEnv', () => {
  it('applies the documented defaults', () => {
    const e = parseEnv({});
    expect(e.PORT).toBe(8087);
    expect(e.SCRIPT_TIMEOUT).toBe(300);
    expect(e.MAX_CONCURRENT_SCRIPTS).toBe(10);
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.DEBUG).toBe(false);
  });

  it('names the variable and the expectation in one line', () => {
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(EnvError);
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/^Invalid configuration: PORT="eighty": /);
    expect(() => parseEnv({ MAX_CONCURRENT_SCRIPTS: '0' })).toThrow(/MAX_CONCURRENT_SCRIPTS="0"/);
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL=.*postgres:\/\//);
    expect(() => parseEnv({ BASE_PATH: 'scripts/' })).toThrow(/BASE_PATH/);
    expect(() => parseEnv({ PUBLIC_URL: 'vss.example.com' })).toThrow(
      /^Invalid configuration: PUBLIC_URL="vss.example.com": expected a URL/,
    );
    const publicUrl = 'https://vss.example.com/scripts';
    expect(parseEnv({ PUBLIC_URL: publicUrl }).PUBLIC_URL).toBe(publicUrl);
  });

  it('treats empty strings as unset and parses booleans', () => {
    const e = parseEnv({ DATABASE_URL: '', DEBUG: 'yes', BASE_PATH: '/scripts' });
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.DEBUG).toBe(true);
    expect(e.BASE_PATH).toBe('/scripts');
  });

  it('accepts booleans in any case, as Python-era configurations write them', () => {
    for (const [word, value] of [
      ['True', true],
      ['FALSE', false],
      ['Yes', true],
      ['no', false],
      ['1', true],
      ['0', false],
    ] as const) {
      expect(parseEnv({ DEBUG: word }).DEBUG).toBe(value);
    }
    expect(() => parseEnv({ DEBUG: 'maybe' })).toThrow(/^Invalid configuration: DEBUG="maybe"/);
  });
});
