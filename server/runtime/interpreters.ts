import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';

export type Language = 'python' | 'bash';

export interface Interpreters {
  python: string;
  bash: string;
}

/**
 * Version managers (pyenv) put shell shims on PATH that cost ~200 ms per start; we resolve the real
 * binary once so every spawn pays only the interpreter's own start-up.
 */
function resolvePython(configured?: string): string {
  const candidate = configured ?? 'python3';
  const real = execFileSync(/* turbopackIgnore: true */ candidate, ['-c', 'import sys; print(sys.executable)'], {
    encoding: 'utf8',
    timeout: 10_000,
  }).trim();
  // The path is only known at run time: tell the build's file tracing not to include the whole
  // project for it (issue #20's "dynamic file access" warning).
  return realpathSync(/* turbopackIgnore: true */ real);
}

function resolveBash(configured?: string): string {
  const candidate = configured ?? 'bash';
  if (candidate.includes('/')) return realpathSync(/* turbopackIgnore: true */ candidate);
  const found = execFileSync('bash', ['-c', `command -v ${candidate}`], { encoding: 'utf8' }).trim();
  return realpathSync(/* turbopackIgnore: true */ found);
}

let cached: Interpreters | undefined;

export function resolveInterpreters(overrides: { python?: string; bash?: string } = {}): Interpreters {
  if (cached && !overrides.python && !overrides.bash) return cached;
  const resolved = { python: resolvePython(overrides.python), bash: resolveBash(overrides.bash) };
  if (!overrides.python && !overrides.bash) cached = resolved;
  return resolved;
}

/**
 * What keeps the interpreters from resolving: one line each with the Debian package that provides
 * it (a configured PYTHON_PATH/BASH_PATH is named instead). Empty when both resolve.
 */
export function interpreterProblems(overrides: { python?: string; bash?: string } = {}): string[] {
  const problems: string[] = [];
  const attempts: Array<[string, () => string, string | undefined, string]> = [
    ['python3', () => resolvePython(overrides.python), overrides.python, 'PYTHON_PATH'],
    ['bash', () => resolveBash(overrides.bash), overrides.bash, 'BASH_PATH'],
  ];
  for (const [pkg, resolve, configured, variable] of attempts) {
    try {
      resolve();
    } catch {
      problems.push(
        configured ? `${variable}=${configured} does not run` : `${pkg} not found on PATH: apt-get install -y ${pkg}`,
      );
    }
  }
  return problems;
}
