import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/server/auth/actor';
import { createApiKey } from '@/server/apikeys/create-api-key';
import { scriptFor } from '@/server/executions/tests/engine-harness';
import { dispatchRest } from '@/server/rest/dispatch';
import { createTemplate } from '@/server/templates/create-template';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { createTrigger } from '@/server/triggers/create-trigger';
import { patternMatches } from '@/server/triggers/matching';
import { regexError } from '@/server/workflows/expressions';

/** `^(a+)+$` against n a's and a `!`: exponential in V8's backtracking engine, linear in RE2. */
const EVIL = '^(a+)+$';
// At 40 characters V8 would backtrack for hours; the 2 s bounds below only absorb a noisy machine.
const N = Number(process.env.REDOS_LEN ?? 40);
const evilInput = `${'a'.repeat(N)}!`;

let editor: Actor & { type: 'user' };
let key: string;
const rest = (
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${key}` },
) =>
  dispatchRest(
    new Request(`http://localhost${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    }),
    path.split('?')[0]!,
  );

/**
 * Runs the hostile request and, while it is in flight, ordinary requests one after another (at
 * least three): the slowest ordinary one shows whether the web process was blocked.
 */
async function alongside(
  hostile: () => Promise<Response>,
): Promise<{ hostileMs: number; otherMs: number; status: number }> {
  const t0 = performance.now();
  let done = false;
  const h = hostile().then((r) => {
    done = true;
    return { status: r.status, ms: performance.now() - t0 };
  });
  let otherMs = 0;
  for (let i = 0; i < 3 || !done; i++) {
    const t1 = performance.now();
    const other = await rest('GET', '/api/v1/scripts/?page_size=1');
    otherMs = Math.max(otherMs, performance.now() - t1);
    expect(other.status).toBe(200);
  }
  const { status, ms } = await h;
  return { hostileMs: ms, otherMs, status };
}

beforeAll(async () => {
  editor = await createTestActor('editor');
  key = (await createApiKey({ actor: editor, input: { name: 'redos', role: 'editor' } })).key;
  await rest('GET', '/api/v1/scripts/?page_size=1'); // warm up the route and the pool
});

describe('catastrophic regexes run in linear time', () => {
  it("a script's parameters_schema pattern: the API call and an anonymous webhook answer fast and block nobody", async () => {
    const script = await scriptFor(editor, 'echo hi', 'bash', {
      status: 'active',
      parameters_schema: { type: 'object', properties: { p: { type: 'string', pattern: EVIL } } },
    });
    const api = await alongside(() =>
      rest('POST', `/api/v1/scripts/${script.id}/execute`, { input_parameters: { p: evilInput } }),
    );
    console.log(
      `ReDoS via REST execute, ${N} a's: hostile ${api.hostileMs.toFixed(1)} ms, other request ${api.otherMs.toFixed(1)} ms`,
    );
    expect(api.status).toBe(400);
    expect(api.hostileMs).toBeLessThan(2000);
    expect(api.otherMs).toBeLessThan(2000);

    const t = await createTrigger({
      actor: editor,
      input: { name: uniqueName('redos hook'), webhook_enabled: true, target_type: 'script', target_id: script.id },
    });
    const hook = await alongside(() => rest('POST', `/api/v1/hooks/${t.webhook_token}`, { p: evilInput }, {}));
    console.log(
      `ReDoS via anonymous webhook, ${N} a's: hostile ${hook.hostileMs.toFixed(1)} ms, other request ${hook.otherMs.toFixed(1)} ms`,
    );
    expect(hook.status).toBe(202);
    expect(hook.hostileMs).toBeLessThan(2000);
    expect(hook.otherMs).toBeLessThan(2000);
  });

  it('a template parameter check answers fast', async () => {
    const tpl = await createTemplate({
      actor: editor,
      input: {
        name: uniqueName('redos tpl'),
        language: 'bash',
        content: 'echo {{p}}',
        parameters: [{ name: 'p', type: 'string', validation: { pattern: EVIL } }],
      },
    });
    const r = await alongside(() =>
      rest('POST', `/api/v1/scripts/templates/${tpl.id}/preview`, { values: { p: evilInput } }),
    );
    console.log(
      `ReDoS via template preview, ${N} a's: hostile ${r.hostileMs.toFixed(1)} ms, other request ${r.otherMs.toFixed(1)} ms`,
    );
    expect(r.status).toBeLessThan(500);
    expect(r.hostileMs).toBeLessThan(2000);
    expect(r.otherMs).toBeLessThan(2000);
  });

  it('an event pattern with 100 wildcards matches fast', () => {
    const pattern = Array.from({ length: 100 }, () => '*a').join('');
    const type = `${'a'.repeat(150)}b`;
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) expect(patternMatches(pattern, type)).toBe(false);
    expect(patternMatches('camera.*', 'camera.alarm.lost')).toBe(true);
    expect(patternMatches('*.alarm', 'camera.alarm')).toBe(true);
    expect(patternMatches('camera.*', 'door.alarm')).toBe(false);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('patterns RE2 cannot run are refused when saved, naming the field', async () => {
    const s = await rest('POST', '/api/v1/scripts/', {
      name: uniqueName(),
      language: 'bash',
      content: 'echo',
      parameters_schema: { type: 'object', properties: { p: { type: 'string', pattern: '(a)\\1' } } },
    });
    expect(s.status).toBe(400);
    expect((await s.json()).error.details[0].field).toBe('parameters_schema');
    const t = await rest('POST', '/api/v1/scripts/templates/', {
      name: uniqueName(),
      language: 'bash',
      content: 'echo',
      parameters: [{ name: 'p', type: 'string', validation: { pattern: '(?=a)a' } }],
    });
    expect(t.status).toBe(400);
    expect((await t.json()).error.details[0].field).toBe('parameters.0.validation.pattern');
    expect(regexError('(?<=x)y')).toMatch(/invalid perl operator/);
    expect(regexError('^cam-[0-9]+$')).toBeNull();
  });
});
