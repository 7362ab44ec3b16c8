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
 * Both interpreters resolved, or what keeps them from resolving: one line each with the Debian
 * package that provides it (a configured PYTHON_PATH/BASH_PATH is named instead). One start of
 * each: a worker checks and resolves with the same call.
 */
export function tryResolveInterpreters(
  overrides: { python?: string; bash?: string } = {},
): { interpreters: Interpreters; problems: [] } | { interpreters: null; problems: string[] } {
  const problems: string[] = [];
  const attempt = (resolve: () => string, pkg: string, configured: string | undefined, variable: string) => {
    try {
      return resolve();
    } catch {
      problems.push(
        configured ? `${variable}=${configured} does not run` : `${pkg} not found on PATH: apt-get install -y ${pkg}`,
      );
      return '';
    }
  };
  const python = attempt(() => resolvePython(overrides.python), 'python3', overrides.python, 'PYTHON_PATH');
  const bash = attempt(() => resolveBash(overrides.bash), 'bash', overrides.bash, 'BASH_PATH');
  if (problems.length > 0) return { interpreters: null, problems };
  if (!overrides.python && !overrides.bash) cached = { python, bash };
  return { interpreters: { python, bash }, problems: [] };
}

export function interpreterProblems(overrides: { python?: string; bash?: string } = {}): string[] {
  return tryResolveInterpreters(overrides).problems;
}
