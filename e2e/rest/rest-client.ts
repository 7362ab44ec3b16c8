import { expect } from 'vitest';
import { baseUrl } from '../support/browser';

export interface CallOptions {
  /** API key to send; null sends none; undefined sends the client's default key. */
  key?: string | null;
  body?: unknown;
  /** A raw body, sent as is (invalid JSON, huge bodies). */
  raw?: string;
  headers?: Record<string, string>;
}

/** fetch against the app under test with an API key, JSON in and out. */
export function restClient(defaultKey: () => string) {
  return (method: string, path: string, opts: CallOptions = {}) =>
    fetch(`${baseUrl()}${path}`, {
      method,
      headers: {
        ...(opts.key === null ? {} : { 'X-API-Key': opts.key ?? defaultKey() }),
        ...(opts.body !== undefined || opts.raw !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
}

/** Asserts the one REST error shape with a status, a code and (optionally) the field named. */
export async function expectError(res: Response, status: number, code: string, field?: string) {
  expect(res.status).toBe(status);
  const body = await res.json();
  expect(body).toMatchObject({ error: { code, message: expect.any(String), details: expect.any(Array) } });
  if (field) expect(body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  return body;
}
