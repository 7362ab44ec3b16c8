import { afterEach, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/server/env';
import { PEER_HEADER } from './client-address';
import { isCrossSiteMutation } from './same-origin';

const post = (headers: Record<string, string>) =>
  new Request('http://internal:8087/scripts/api/trpc/x', { method: 'POST', headers });

afterEach(() => {
  delete process.env.PUBLIC_URL;
  delete process.env.TRUSTED_PROXIES;
  resetEnvCache();
});

describe('isCrossSiteMutation', () => {
  it('accepts the Host it was sent to, refuses another site', () => {
    expect(isCrossSiteMutation(post({ origin: 'http://ops.example:8080', host: 'ops.example:8080' }))).toBe(false);
    expect(isCrossSiteMutation(post({ origin: 'http://evil.example', host: 'ops.example' }))).toBe(true);
    expect(isCrossSiteMutation(post({ origin: 'http://ops.example:9090', host: 'ops.example:8080' }))).toBe(true);
    expect(isCrossSiteMutation(post({ origin: 'null', host: 'ops.example' }))).toBe(true);
    expect(isCrossSiteMutation(post({ host: 'ops.example' }))).toBe(false); // no Origin: not a browser's cross-site POST
  });

  it('behind `proxy_set_header Host $host` on a non-80 port: the host name matches, another host does not', () => {
    expect(isCrossSiteMutation(post({ origin: 'http://ops.example:8080', host: 'ops.example' }))).toBe(false);
    expect(isCrossSiteMutation(post({ origin: 'http://evil.example:8080', host: 'ops.example' }))).toBe(true);
  });

  it('believes X-Forwarded-Host only from a trusted proxy', () => {
    const viaProxy = {
      origin: 'http://ops.example:8443',
      host: '127.0.0.1:8087',
      'x-forwarded-host': 'ops.example:8443',
      [PEER_HEADER]: '127.0.0.1',
    };
    expect(isCrossSiteMutation(post(viaProxy))).toBe(true);
    process.env.TRUSTED_PROXIES = '127.0.0.1';
    resetEnvCache();
    expect(isCrossSiteMutation(post(viaProxy))).toBe(false);
    expect(isCrossSiteMutation(post({ ...viaProxy, [PEER_HEADER]: '10.1.2.3' }))).toBe(true);
  });

  it("accepts PUBLIC_URL's origin whatever Host the proxy passes", () => {
    process.env.PUBLIC_URL = 'https://ops.example:8443/scripts/';
    resetEnvCache();
    expect(isCrossSiteMutation(post({ origin: 'https://ops.example:8443', host: '127.0.0.1:8087' }))).toBe(false);
    expect(isCrossSiteMutation(post({ origin: 'https://evil.example:8443', host: '127.0.0.1:8087' }))).toBe(true);
  });
});
