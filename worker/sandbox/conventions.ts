/**
 * Script-facing conventions (documented in README.md): fixed paths inside the sandbox, the
 * environment a script sees, and how inputs become PARAM_<NAME> variables.
 */
import path from 'node:path';
import type { SandboxSpec } from './types';

/** Where the run's workDir is bind-mounted (read-write) inside the sandbox. */
export const SANDBOX_WORK_DIR = '/work';
export const INPUT_FILE_NAME = 'input.json';
export const RESULT_FILE_NAME = 'result.json';
export const MAX_RESULT_BYTES = 1024 * 1024;

/** PARAM_ values longer than this are only available in input.json (exec() has a 128 KiB per-string cap). */
export const MAX_PARAM_ENV_VALUE_BYTES = 32 * 1024;
/** Total budget for PARAM_ variables; the rest is only in input.json. */
export const MAX_PARAM_ENV_TOTAL_BYTES = 256 * 1024;

export const SAFE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function scriptFileName(language: SandboxSpec['language']): string {
  return language === 'python' ? 'script.py' : 'script.sh';
}

export function sandboxPath(name: string): string {
  return `${SANDBOX_WORK_DIR}/${name}`;
}

/** `my-param.x` → `PARAM_MY_PARAM_X` */
export function paramEnvName(name: string): string {
  return `PARAM_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** Strings pass through unchanged; everything else is JSON-encoded. undefined → no variable. */
export function paramEnvValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value === undefined) return undefined;
  const json = JSON.stringify(value);
  return json === undefined ? undefined : json;
}

/**
 * Variables that glibc treats as unsafe for privileged programs (its UNSECURE_ENVVARS list plus all
 * LD_*). The first processes inside the sandbox (prlimit, time) run as uid 0 before setpriv drops to
 * the sandbox uid, so these are never given to them: they are applied with env(1) after the drop.
 */
export function isLoaderSensitiveEnv(name: string): boolean {
  return (
    name.startsWith('LD_') ||
    name.startsWith('MALLOC_') ||
    [
      'GCONV_PATH',
      'GETCONF_DIR',
      'GLIBC_TUNABLES',
      'HOSTALIASES',
      'LOCALDOMAIN',
      'LOCPATH',
      'NIS_PATH',
      'NLSPATH',
      'RESOLV_HOST_CONF',
      'RES_OPTIONS',
      'TMPDIR',
      'TZDIR',
    ].includes(name)
  );
}

export interface ScriptEnv {
  /** Safe to set for the whole process chain (bwrap --setenv). */
  early: Array<[string, string]>;
  /** Applied with env(1) right before the interpreter, after privileges are dropped. */
  late: Array<[string, string]>;
}

function assertEnvEntry(name: string, value: string): void {
  if (name.length === 0 || name.includes('=') || name.includes('\0')) {
    throw new TypeError(`invalid environment variable name: ${JSON.stringify(name)}`);
  }
  if (value.includes('\0')) throw new TypeError(`environment variable ${name} contains a NUL byte`);
}

/**
 * The complete environment of the script. Precedence (later wins): defaults (PATH, HOME, LANG, ...)
 * < user env < PARAM_* from input < VSS_INPUT_FILE / VSS_RESULT_FILE. Never reads process.env.
 */
export function buildScriptEnv(spec: Pick<SandboxSpec, 'language' | 'interpreter' | 'env' | 'input'>): ScriptEnv {
  const vars = new Map<string, string>();
  const interpreterDir = path.dirname(spec.interpreter);
  const pathDirs = [interpreterDir, ...SAFE_PATH.split(':')].filter((d, i, all) => all.indexOf(d) === i);
  vars.set('PATH', pathDirs.join(':'));
  vars.set('HOME', '/tmp');
  vars.set('LANG', 'C.UTF-8');
  // Stream log lines as they are printed instead of in 8 KiB blocks (user env may set it to '').
  vars.set('PYTHONUNBUFFERED', '1');
  vars.set('PYTHONDONTWRITEBYTECODE', '1');

  for (const [name, value] of Object.entries(spec.env)) {
    assertEnvEntry(name, value);
    vars.set(name, value);
  }

  let paramBytes = 0;
  for (const [name, raw] of Object.entries(spec.input)) {
    const value = paramEnvValue(raw);
    if (value === undefined || value.includes('\0')) continue;
    const envName = paramEnvName(name);
    const size = Buffer.byteLength(value) + envName.length + 2;
    if (Buffer.byteLength(value) > MAX_PARAM_ENV_VALUE_BYTES || paramBytes + size > MAX_PARAM_ENV_TOTAL_BYTES) continue;
    paramBytes += size;
    vars.set(envName, value);
  }

  vars.set('VSS_INPUT_FILE', sandboxPath(INPUT_FILE_NAME));
  vars.set('VSS_RESULT_FILE', sandboxPath(RESULT_FILE_NAME));

  const env: ScriptEnv = { early: [], late: [] };
  for (const entry of vars) (isLoaderSensitiveEnv(entry[0]) ? env.late : env.early).push(entry);
  return env;
}
