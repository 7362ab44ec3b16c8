import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/server/auth/actor';
import { createApiKey } from '@/server/apikeys/create-api-key';
import { scriptFor } from '@/server/executions/tests/engine-harness';
import { dispatchRest } from '@/server/rest/dispatch';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { buildInput, expressionError, filterMatches } from '@/server/triggers/matching';
import { analyzeExpression, evaluateExpression } from '@/server/workflows/expressions';

const event = (payload: unknown) => ({ type: 'camera.alarm', source: 'test', payload });

describe('jexl: no way to constructor, prototype or __proto__', () => {
  it('refuses them when saved, by dot, by bracket with a literal, and as a root name', () => {
    for (const expr of [
      'payload.constructor',
      'payload["constructor"]',
      'payload["prototype"]',
      'payload.x["__defineGetter__"]',
      "payload['__proto__'].x",
      'payload.x.prototype',
      '"s".constructor.constructor',
      'constructor',
      'payload[0].__proto__',
    ]) {
      // By dot, jexl's lexer already trips over these names; by bracket, our check refuses them.
      expect(expressionError(expr), expr).toMatch(/not allowed|unexpected/);
      const errors = analyzeExpression(expr.replaceAll('payload', 'input')).errors;
      expect(errors.map((e) => e.message).join(' '), expr).toMatch(/not allowed|unexpected/);
    }
    expect(expressionError('payload.kind == "intrusion" && payload.camera_id > 2')).toBeNull();
    expect(analyzeExpression('input.items[0].name').errors).toEqual([]);
  });

  it('refuses computed keys at evaluation; ordinary reads still work; only own data is visible', () => {
    const computed = filterMatches('payload[payload.k] != null', event({ k: 'constructor' }));
    expect(computed).toEqual({
      matched: false,
      error: expect.stringMatching(/access to "constructor" is not allowed/),
    });
    expect(filterMatches('payload["con" + "structor"]', event({})).error).toMatch(/not allowed/);
    expect(filterMatches('payload.name["__pro" + "to__"]', event({ name: 'x' })).error).toMatch(/not allowed/);
    expect(() => buildInput({ f: 'payload[payload.k]' }, event({ k: '__proto__' }))).toThrow(/not allowed/);
    expect(() => evaluateExpression('input[input.k]', { input: { k: 'prototype' }, nodes: {} })).toThrow(/not allowed/);

    expect(
      filterMatches(
        'payload.kind == "intrusion" && payload.items[1] == 5 && payload.items[0].id == 4',
        event({ kind: 'intrusion', items: [{ id: 4 }, 5] }),
      ),
    ).toEqual({ matched: true, error: null });
    expect(filterMatches('payload.name.length == 3', event({ name: 'abc' })).matched).toBe(true);
    // Inherited members are not data: toString, hasOwnProperty, valueOf read as undefined.
    expect(
      buildInput(
        { a: 'payload["toString"]', b: 'payload["hasOwnProperty"]', c: 'payload.name["valueOf"]' },
        event({ name: 'x' }),
      ),
    ).toEqual({});
    // Transforms must be registered ones, not inherited members of the pool.
    expect(() => evaluateExpression('input.x|constructor', { input: { x: 1 }, nodes: {} })).toThrow(
      /not defined|unexpected/,
    );
    expect(evaluateExpression('input.x|upper', { input: { x: 'a' }, nodes: {} })).toBe('A');
  });

  it('expressions see plain copies: changing what they return does not touch the caller', () => {
    const payload = { inner: { n: 1 } };
    const out = buildInput({ inner: 'payload.inner' }, event(payload)) as { inner: { n: number } };
    out.inner.n = 2;
    expect(payload.inner.n).toBe(1);
  });
});

describe('over REST', () => {
  let editor: Actor & { type: 'user' };
  let key: string;
  beforeAll(async () => {
    editor = await createTestActor('editor');
    key = (await createApiKey({ actor: editor, input: { name: 'jexl', role: 'editor' } })).key;
  });

  it('a trigger filter or mapping reaching constructor is a 400 naming the field', async () => {
    const script = await scriptFor(editor, 'true', 'bash', { status: 'active' });
    const post = (body: unknown) =>
      dispatchRest(
        new Request('http://localhost/api/v1/triggers/', {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        }),
        '/api/v1/triggers/',
      );
    const base = { name: uniqueName('jexl'), event_pattern: 'camera.*', target_type: 'script', target_id: script.id };
    const f = await post({ ...base, filter: 'payload["constructor"]["constructor"]' });
    expect(f.status).toBe(400);
    expect((await f.json()).error.details[0]).toMatchObject({
      field: 'filter',
      message: expect.stringMatching(/not allowed/),
    });
    const m = await post({ ...base, parameter_mapping: { x: 'payload.__proto__' } });
    expect(m.status).toBe(400);
    expect((await m.json()).error.details[0].field).toBe('parameter_mapping.x');
    expect((await post({ ...base, filter: 'payload.camera_id > 2' })).status).toBe(201);
  });
});
