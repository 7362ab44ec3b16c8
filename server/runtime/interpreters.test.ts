import { realpathSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpreterProblems, resolveInterpreters, tryResolveInterpreters } from './interpreters';

describe('interpreters', () => {
  it('resolves python3 and bash to their real binaries in one call', () => {
    const found = tryResolveInterpreters();
    expect(found.problems).toEqual([]);
    expect(found.interpreters).not.toBeNull();
    for (const bin of [found.interpreters!.python, found.interpreters!.bash]) {
      expect(path.isAbsolute(bin)).toBe(true);
      expect(realpathSync(bin)).toBe(bin); // no shim or symlink left to resolve at each spawn
    }
    expect(resolveInterpreters()).toEqual(found.interpreters);
  });

  it('says which configured interpreter does not run, and resolves none', () => {
    const found = tryResolveInterpreters({ python: '/nonexistent/python3', bash: '/nonexistent/bash' });
    expect(found.interpreters).toBeNull();
    expect(found.problems).toEqual([
      'PYTHON_PATH=/nonexistent/python3 does not run',
      'BASH_PATH=/nonexistent/bash does not run',
    ]);
    expect(interpreterProblems({ python: '/nonexistent/python3' })).toEqual([
      'PYTHON_PATH=/nonexistent/python3 does not run',
    ]);
  });
});
