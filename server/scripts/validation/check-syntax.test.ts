import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSyntax } from './check-syntax';

let scratch = '';

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'vss-syntax-test-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('checkSyntax: python', () => {
  it('returns [] for valid code', async () => {
    expect(await checkSyntax('import sys\n\ndef main():\n    print(sys.argv)\n\nmain()\n', 'python')).toEqual([]);
  });

  it('reports a syntax error on line 3 with a column', async () => {
    const issues = await checkSyntax('a = 1\nb = 2\nif b > 1\n    print(b)\n', 'python');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 3, severity: 'error' });
    expect(issues[0]?.column).toBeGreaterThan(1);
    expect(issues[0]?.message).toMatch(/expected ':'/);
  });

  it('reports the line of an indentation error', async () => {
    const issues = await checkSyntax('def f():\n    x = 1\n      y = 2\n    return x\n', 'python');
    expect(issues[0]).toMatchObject({ line: 3, severity: 'error' });
    expect(issues[0]?.message).toMatch(/^IndentationError: unexpected indent/);
  });

  it('reports tab/space mixing as TabError', async () => {
    const issues = await checkSyntax('if True:\n\tx = 1\n        y = 2\n', 'python');
    expect(issues[0]?.message).toMatch(/^TabError/);
    expect(issues[0]?.line).toBe(3);
  });

  it('reports null bytes instead of crashing', async () => {
    const issues = await checkSyntax('x = 1\u0000\n', 'python');
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toMatch(/null bytes/);
  });

  it('only compiles: an endless loop returns quickly and side effects never happen', async () => {
    const marker = path.join(scratch, 'python-ran');
    const started = Date.now();
    const issues = await checkSyntax(
      `open(${JSON.stringify(marker)}, "w").write("x")\nwhile True:\n    pass\n`,
      'python',
    );
    expect(issues).toEqual([]);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('checkSyntax: bash', () => {
  it('returns [] for valid code', async () => {
    expect(await checkSyntax('#!/bin/bash\nset -e\nfor f in *.txt; do\n  echo "$f"\ndone\n', 'bash')).toEqual([]);
  });

  it('reports an if without fi', async () => {
    const issues = await checkSyntax('echo start\nif [ -f x ]; then\n  echo yes\n', 'bash');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 3, column: 1, severity: 'error' });
    expect(issues[0]?.message).toMatch(/unexpected end of file/);
  });

  it('reports an unexpected token on its line', async () => {
    const issues = await checkSyntax('echo one\necho two\necho three\nfi\necho five\n', 'bash');
    expect(issues).toEqual([
      expect.objectContaining({
        line: 4,
        column: 1,
        message: "syntax error near unexpected token `fi'",
        severity: 'error',
      }),
    ]);
  });

  it('reports an unterminated quote', async () => {
    const issues = await checkSyntax('echo ok\necho "oops\n', 'bash');
    expect(issues[0]?.message).toMatch(/unexpected EOF while looking for matching/);
    expect(issues[0]?.line).toBe(2);
  });

  it('never executes the script', async () => {
    const marker = path.join(scratch, 'bash-ran');
    const started = Date.now();
    const issues = await checkSyntax(`touch ${JSON.stringify(marker)}\nwhile true; do :; done\n`, 'bash');
    expect(issues).toEqual([]);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('checkSyntax: limits', () => {
  it('kills a checker that exceeds the time limit and reports a timeout', async () => {
    const slow = path.join(scratch, 'slow-interpreter');
    await writeFile(slow, '#!/bin/sh\nsleep 30\n');
    await chmod(slow, 0o755);
    const started = Date.now();
    const issues = await checkSyntax('print(1)\n', 'python', { pythonPath: slow, timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(issues).toEqual([
      {
        line: 1,
        column: 1,
        code: 'syntax.timeout',
        params: { ms: expect.any(Number) },
        message: expect.stringMatching(/timed out/),
        severity: 'error',
      },
    ]);
  });

  it('rejects when the interpreter is missing (a server fault, not a script error)', async () => {
    await expect(checkSyntax('echo hi', 'bash', { bashPath: path.join(scratch, 'no-such-bash') })).rejects.toThrow();
  });
});
