import { spawn } from 'node:child_process';

export interface CheckerRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
  readonly timedOut: boolean;
}

export interface CheckerSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly input: string;
  readonly timeoutMs: number;
}

// Checkers print a few lines; anything beyond this is noise we should not buffer.
const MAX_OUTPUT_CHARS = 64 * 1024;

/**
 * Only what a parser needs: no BASH_ENV, PYTHONSTARTUP or other hooks that could run code.
 * NODE_ENV is passed through only because Next's typings make it mandatory; parsers ignore it.
 */
function checkerEnv(): NodeJS.ProcessEnv {
  return { NODE_ENV: process.env.NODE_ENV, PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', LANG: 'C' };
}

/**
 * Runs a parse-only checker with the source on stdin. No shell is involved. On timeout the whole
 * process group is killed and the result is returned at once, even if a grandchild still holds
 * the pipes open.
 */
export function runChecker(spec: CheckerSpec): Promise<CheckerRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(spec.command, [...spec.args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: checkerEnv(),
      detached: true, // own process group, so a timeout can kill everything it started
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (run: CheckerRun): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(run);
    };

    const timer = setTimeout(() => {
      killGroup(child.pid);
      finish({ stdout, stderr, code: null, timedOut: true });
    }, spec.timeoutMs);

    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (stdout.length < MAX_OUTPUT_CHARS) stdout += chunk;
    });
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < MAX_OUTPUT_CHARS) stderr += chunk;
    });
    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => finish({ stdout, stderr, code, timedOut: false }));
    // The checker may exit before reading everything (EPIPE); its output still tells the story.
    child.stdin.on('error', () => undefined);
    child.stdin.end(spec.input, 'utf8');
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
