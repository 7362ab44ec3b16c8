import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { restorePrefix, topLevelNames } from './prefix-restore.mjs';

const names = topLevelNames(path.resolve(import.meta.dirname, '..'));

describe('restorePrefix (BASE_PATH=/scripts, which is also the scripts page)', () => {
  const r = (url: string, viaProxy = true) => restorePrefix(url, '/scripts', names, viaProxy);

  it("knows the app's top-level names from app/ and public/", () => {
    for (const n of [
      '_next',
      'api',
      'docs',
      'signin',
      'scripts',
      'workflows',
      'settings',
      'health',
      'icon.svg',
      'robots.txt',
    ])
      expect(names.has(n), n).toBe(true);
  });

  it('leaves prefixed requests (nginx keeping the prefix) as they are', () => {
    for (const url of [
      '/scripts/',
      '/scripts/_next/static/x.js',
      '/scripts/api/v1/scripts/?page=2',
      '/scripts/scripts/123',
      '/scripts/docs',
      '/scripts/signin?callbackUrl=%2Fscripts%2F',
    ]) {
      expect(r(url)).toBe(url);
    }
    expect(r('/scripts', false)).toBe('/scripts'); // direct, no proxy: the home page
  });

  it('puts the prefix back on requests from a proxy that strips it', () => {
    expect(r('/')).toBe('/scripts/');
    expect(r('/_next/static/chunks/a.js')).toBe('/scripts/_next/static/chunks/a.js');
    expect(r('/docs/assets/swagger-ui.css')).toBe('/scripts/docs/assets/swagger-ui.css');
    expect(r('/api/v1/scripts/?skip=0&limit=5')).toBe('/scripts/api/v1/scripts/?skip=0&limit=5');
    expect(r('/api/auth/session')).toBe('/scripts/api/auth/session');
    expect(r('/scripts')).toBe('/scripts/scripts');
    expect(r('/scripts?q=x')).toBe('/scripts/scripts?q=x');
    expect(r('/scripts/3f1c2a9e-0000-4000-8000-000000000000/edit')).toBe(
      '/scripts/scripts/3f1c2a9e-0000-4000-8000-000000000000/edit',
    );
  });

  it('with a prefix that is no page name, only prefix-less paths change', () => {
    expect(restorePrefix('/vss', '/vss', names, true)).toBe('/vss');
    expect(restorePrefix('/vss/x', '/vss', names, true)).toBe('/vss/x');
    expect(restorePrefix('/signin', '/vss', names, true)).toBe('/vss/signin');
    expect(restorePrefix('/x', '', names, true)).toBe('/x');
  });
});
