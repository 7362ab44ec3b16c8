import { describe, expect, it } from 'vitest';
import { validateScript } from './validate-script';

describe('validateScript', () => {
  it('accepts a clean script', async () => {
    const result = await validateScript({ content: 'import json\nprint(json.dumps({"a": 1}))\n', language: 'python' });
    expect(result).toEqual({ syntax: [], dangers: [], blocking: false, ok: true });
  });

  it('accepts a script with warnings only', async () => {
    const result = await validateScript({ content: 'crontab -r\n', language: 'bash' });
    expect(result.blocking).toBe(false);
    expect(result.ok).toBe(true);
    expect(result.dangers.map((d) => d.ruleId)).toEqual(['bash.crontab-remove']);
  });

  it('rejects a blocking finding even when the syntax is fine', async () => {
    const result = await validateScript({ content: 'echo bye\nsudo rm -rf /\n', language: 'bash' });
    expect(result.syntax).toEqual([]);
    expect(result.blocking).toBe(true);
    expect(result.ok).toBe(false);
  });

  it('rejects a syntax error and still reports dangers', async () => {
    const result = await validateScript({
      content: 'import os\nos.system("reboot")\ndef broken(:\n',
      language: 'python',
    });
    expect(result.syntax[0]?.line).toBe(3);
    expect(result.dangers.map((d) => d.ruleId)).toContain('bash.shutdown-reboot');
    expect(result.ok).toBe(false);
  });
});
