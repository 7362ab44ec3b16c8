import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkTemplate, renderTemplate, withSecretsNote } from './render-template';
import { pythonString } from './literals';
import { templateParameter, type TemplateParameterInput } from './templates.schema';

/** Every value tries to run `touch PWNED` (relative to the run's directory) or to break quoting. */
const HOSTILE = [
  'plain',
  '',
  "it's",
  `'; touch PWNED; echo '`,
  `"; touch PWNED; echo "`,
  '$(touch PWNED)',
  '`touch PWNED`',
  '${IFS}$(touch${IFS}PWNED)',
  '$HOME ${HOME} $0 $$ !! ~',
  'line one\ntouch PWNED\nline three',
  '\r\ntouch PWNED\r\n',
  '"""\nimport os; os.system("touch PWNED")\n"""',
  "'''\nimport os; os.system('touch PWNED')\n'''",
  '" + __import__("os").system("touch PWNED") + "',
  "' + __import__('os').system('touch PWNED') + '",
  '{__import__("os").system("touch PWNED")}',
  'back\\slash \\" \\\' \\n \\x41 \\u0041 \\N{LATIN SMALL LETTER A}',
  'trailing backslash\\',
  '\\',
  "\\'",
  '# not a comment\n#!/bin/sh',
  'tab\there, bell\x07, esc\x1b[31m, del\x7f, c1\u0085, ls\u2028ps\u2029',
  '摄像头 🎥 — ünïcödé',
  '%s %d {0} {{v}}',
  'x'.repeat(20_000),
];

const param = (p: TemplateParameterInput) => templateParameter.parse(p);
const str = param({ name: 'v', type: 'string' });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tpl-render-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(language: 'python' | 'bash', content: string, env: Record<string, string> = {}) {
  const work = mkdtempSync(path.join(dir, 'run-'));
  const file = path.join(work, language === 'bash' ? 'script.sh' : 'script.py');
  writeFileSync(file, content);
  const out = path.join(work, 'out.bin');
  const r = spawnSync(language === 'bash' ? 'bash' : 'python3', [file], {
    cwd: work,
    env: { NODE_ENV: 'test', PATH: process.env.PATH, HOME: work, OUT_FILE: out, ...env },
    encoding: 'buffer',
    timeout: 20_000,
  });
  const files = readdirSync(work);
  return {
    status: r.status,
    stderr: r.stderr.toString(),
    out: existsSync(out) ? readFileSync(out) : null,
    pwned: files.includes('PWNED'),
  };
}

describe('rendering hostile values: the script reads back exactly the value, nothing runs', () => {
  const bash = { language: 'bash' as const, content: 'V={{v}}\nprintf %s "$V" > "$OUT_FILE"\n', parameters: [str] };
  const bashInSubst = {
    language: 'bash' as const,
    content: 'V="$(printf %s {{v}})"\nprintf %s "$V" > "$OUT_FILE"\n',
    parameters: [str],
  };
  const python = {
    language: 'python' as const,
    content: 'import os\nv = {{v}}\nopen(os.environ["OUT_FILE"], "wb").write(v.encode("utf-8"))\n',
    parameters: [str],
  };

  it.each(HOSTILE.map((v, i) => [i, v] as const))('bash value #%i', (_i, value) => {
    const rendered = renderTemplate(bash, { v: value });
    expect(rendered.issues).toEqual([]);
    const r = run('bash', rendered.content);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.pwned).toBe(false);
    expect(r.out!.equals(Buffer.from(value, 'utf8'))).toBe(true);
  });

  it.each(HOSTILE.filter((v) => !/\n$/.test(v)).map((v, i) => [i, v] as const))(
    'bash value inside $(...) #%i',
    (_i, value) => {
      // $(...) strips trailing newlines, so values ending in one are left out here (they are covered above).
      const rendered = renderTemplate(bashInSubst, { v: value });
      expect(rendered.issues).toEqual([]);
      const r = run('bash', rendered.content);
      expect(r.status).toBe(0);
      expect(r.pwned).toBe(false);
      expect(r.out!.toString('utf8')).toBe(value);
    },
  );

  it.each(HOSTILE.map((v, i) => [i, v] as const))('python value #%i', (_i, value) => {
    const rendered = renderTemplate(python, { v: value });
    expect(rendered.issues).toEqual([]);
    const r = run('python', rendered.content);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.pwned).toBe(false);
    expect(r.out!.equals(Buffer.from(value, 'utf8'))).toBe(true);
  });

  it('python string literals are also valid JSON with the same meaning', () => {
    for (const v of HOSTILE) expect(JSON.parse(pythonString(v))).toBe(v);
  });

  it('refuses NUL bytes and unpaired surrogates as values', () => {
    expect(renderTemplate(bash, { v: 'a\0b' }).issues).toEqual([
      { field: 'values.v', message: 'must not contain NUL bytes' },
    ]);
    expect(renderTemplate(python, { v: 'a\uD800b' }).issues).toEqual([
      { field: 'values.v', message: 'must be valid Unicode text' },
    ]);
    // the placeholder stays unrendered rather than half-rendered
    expect(renderTemplate(bash, { v: 'a\0b' }).content).toContain('{{v}}');
  });
});

describe('numbers, booleans, enums and missing values', () => {
  const params = [
    param({ name: 'n', type: 'number' }),
    param({ name: 'f', type: 'number' }),
    param({ name: 'neg', type: 'number' }),
    param({ name: 'b', type: 'boolean' }),
    param({ name: 'e', type: 'enum', validation: { options: ['info', "it's"] } }),
    param({ name: 'opt', type: 'string' }),
  ];
  const values = { n: 42, f: 0.1, neg: -7.5, b: 'true', e: "it's" };

  it('python gets int, float, True/False and None', () => {
    const rendered = renderTemplate(
      {
        language: 'python',
        parameters: params,
        content:
          'import json, os\nout = [{{n}}, {{f}}, -{{neg}}, {{b}}, {{e}}, {{opt}}]\nopen(os.environ["OUT_FILE"], "w").write(json.dumps(out) + " " + type({{n}}).__name__)\n',
      },
      values,
    );
    expect(rendered.issues).toEqual([]);
    expect(rendered.content).toContain('-(-7.5)');
    const r = run('python', rendered.content);
    expect(r.status).toBe(0);
    const [json, type] = r.out!.toString().split(' int');
    expect(type).toBe('');
    expect(JSON.parse(json!)).toEqual([42, 0.1, 7.5, true, "it's", null]);
  });

  it('bash gets quoted words', () => {
    const rendered = renderTemplate(
      {
        language: 'bash',
        parameters: params,
        content: 'printf "%s|" {{n}} {{f}} {{neg}} {{b}} {{e}} {{opt}} > "$OUT_FILE"\n',
      },
      values,
    );
    expect(rendered.content).toBe(`printf "%s|" '42' '0.1' '-7.5' 'true' 'it'\\''s' '' > "$OUT_FILE"\n`);
    expect(run('bash', rendered.content).out!.toString()).toBe("42|0.1|-7.5|true|it's||");
  });

  it('checks values against the definitions', () => {
    const defs = [
      param({ name: 'port', type: 'number', required: true, validation: { min: 1, max: 65535 } }),
      param({ name: 'host', type: 'string', validation: { pattern: '^[a-z0-9.-]+$', max: 20 } }),
      param({ name: 'mode', type: 'enum', default: 'a', validation: { options: ['a', 'b'] } }),
      param({ name: 'flag', type: 'boolean' }),
    ];
    const source = { language: 'bash' as const, content: 'echo {{port}} {{host}} {{mode}} {{flag}}', parameters: defs };
    const issues = renderTemplate(source, { port: 70000, host: 'Bad Host', mode: 'c', flag: 'yes', extra: 'x' }).issues;
    expect(issues.map((i) => [i.field, i.message])).toEqual([
      ['values.extra', 'is not a parameter of this template'],
      ['values.port', 'must be at most 65535'],
      ['values.host', 'must match ^[a-z0-9.-]+$'],
      ['values.mode', 'must be one of: a, b'],
      ['values.flag', 'must be true or false'],
    ]);
    expect(renderTemplate(source, {}).issues).toEqual([{ field: 'values.port', message: 'is required' }]);
    const ok = renderTemplate(source, { port: '8080' });
    expect(ok.issues).toEqual([]);
    expect(ok.content).toBe("echo '8080' '' 'a' ''");
  });
});

describe('secret parameters render a run-time read, never a value', () => {
  const token = param({ name: 'token', type: 'secret', required: true });

  it('bash reads "${NAME}"', () => {
    const rendered = renderTemplate(
      { language: 'bash', parameters: [token], content: 'T={{token}}\nprintf %s "$T" > "$OUT_FILE"\n' },
      { token: 'API_TOKEN' },
    );
    expect(rendered.content).toBe('T="${API_TOKEN}"\nprintf %s "$T" > "$OUT_FILE"\n');
    expect(rendered.secrets).toEqual(['API_TOKEN']);
    const r = run('bash', rendered.content, { API_TOKEN: `$(touch PWNED) "'\n` });
    expect(r.pwned).toBe(false);
    expect(r.out!.toString()).toBe(`$(touch PWNED) "'\n`);
  });

  it('python reads os.environ, importing os itself when the template does not', () => {
    for (const content of [
      'import os\nt = {{token}}\nopen(os.environ["OUT_FILE"], "w").write(t)\n',
      't = {{token}}\nimport os\nopen(os.environ["OUT_FILE"], "w").write(t)\n',
    ]) {
      const rendered = renderTemplate({ language: 'python', parameters: [token], content }, { token: 'API_TOKEN' });
      expect(rendered.content).toContain(
        content.startsWith('import') ? 'os.environ["API_TOKEN"]' : '__import__("os").environ["API_TOKEN"]',
      );
      const r = run('python', rendered.content, { API_TOKEN: 's3cr3t"\\' });
      expect(r.stderr).toBe('');
      expect(r.out!.toString()).toBe('s3cr3t"\\');
    }
  });

  it('refuses names that are not environment variable names or that the sandbox owns', () => {
    const source = { language: 'bash' as const, parameters: [token], content: 'T={{token}}' };
    expect(renderTemplate(source, { token: 'x; rm -rf /' }).issues[0]!.message).toMatch(/UPPER_SNAKE_CASE/);
    expect(renderTemplate(source, { token: 'PATH' }).issues[0]!.message).toMatch(/reserved/);
    expect(renderTemplate(source, { token: 'VSS_RESULT_FILE' }).issues[0]!.message).toMatch(/reserved/);
  });

  it('documents the secrets after the shebang', () => {
    const note = withSecretsNote('#!/bin/bash\necho hi\n', ['API_TOKEN'], 'T\nx');
    expect(note.split('\n')[0]).toBe('#!/bin/bash');
    expect(note).toContain('#   API_TOKEN={{secret:API_TOKEN}}');
    expect(note).toContain('"T x"');
    expect(note.endsWith('echo hi\n')).toBe(true);
    expect(run('bash', note).status).toBe(0);
  });
});

describe('placeholders only where a value can go', () => {
  const v = [str];
  const refused: [string, 'python' | 'bash', string][] = [
    ['bash double quotes', 'bash', 'echo "x {{v}}"'],
    ['bash single quotes', 'bash', "echo 'x {{v}}'"],
    ["bash $'…'", 'bash', "echo $'{{v}}'"],
    ['bash comment', 'bash', 'echo ok # {{v}}'],
    ['bash heredoc', 'bash', 'cat <<EOF\n{{v}}\nEOF\necho after'],
    ['bash quoted heredoc', 'bash', "cat <<-'EOF'\n\t{{v}}\n\tEOF"],
    ['bash heredoc delimiter', 'bash', 'cat <<{{v}}\nx\n'],
    ['bash ${…}', 'bash', 'echo ${X:-{{v}}}'],
    ['bash $ before', 'bash', 'echo ${{v}}'],
    ['bash backticks', 'bash', 'echo `echo {{v}}`'],
    ['bash backslash', 'bash', 'echo \\{{v}}'],
    ['bash $(...) inside quotes inside ${}', 'bash', 'echo "${X:-$(echo "{{v}}")}"'],
    ['python double quotes', 'python', 'print("{{v}}")'],
    ['python f-string', 'python', 'print(f"{ {{v}} }")'],
    ['python triple quotes', 'python', 'x = """\n{{v}}\n"""'],
    ['python raw single quotes', 'python', "x = r'{{v}}'"],
    ['python comment', 'python', 'x = 1  # {{v}}'],
    ['python string prefix', 'python', 'x = f{{v}}'],
    ['python after a name', 'python', 'x = y{{v}}'],
  ];
  it.each(refused)('refuses a placeholder in %s', (_label, language, content) => {
    const issues = checkTemplate({ language, content, parameters: v });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.field).toBe('content');
    expect(issues[0]!.message).toMatch(/^line \d+: \{\{v\}\} /);
    // and nothing is substituted there
    expect(renderTemplate({ language, content, parameters: v }, { v: 'x' }).content).toBe(content);
  });

  const allowed: [string, 'python' | 'bash', string][] = [
    ['bash after a heredoc ends', 'bash', 'cat <<EOF\n"quoted" $x\nEOF\nV={{v}}'],
    ['bash in $(...) inside double quotes', 'bash', 'echo "$(printf %s {{v}})"'],
    ['bash after a # inside a word', 'bash', 'echo a#b {{v}}'],
    ['bash as an argument', 'bash', 'find {{v}} -type f'],
    ['bash after an escaped quote', 'bash', "echo \\' {{v}}"],
    ['python call argument', 'python', 'print({{v}}, "x")'],
    ['python after a closed string', 'python', 'x = "a\\"b" + {{v}}'],
    ['python after a triple-quoted string', 'python', 'x = """a\n"b"\n"""\ny = {{v}}'],
  ];
  it.each(allowed)('accepts a placeholder %s', (_label, language, content) => {
    expect(checkTemplate({ language, content, parameters: v })).toEqual([]);
    expect(renderTemplate({ language, content, parameters: v }, { v: 'x' }).content).not.toContain('{{v}}');
  });

  it('reports placeholders naming no parameter in code, leaves them alone in strings', () => {
    expect(checkTemplate({ language: 'bash', content: 'echo {{nope}}', parameters: v })[0]!.message).toBe(
      'line 1: {{nope}} names no parameter',
    );
    expect(
      checkTemplate({ language: 'python', content: 'print(f"{{literal}}")\n# {{secret:X}}', parameters: v }),
    ).toEqual([]);
  });
});
