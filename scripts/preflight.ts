/**
 * What `npm start` checks before it builds or starts anything: the host programs the service needs,
 * one line per missing piece with the command that installs it (Debian package names). A missing
 * redis-server (without REDIS_URL) stops the start; a missing sandbox piece only means scripts do
 * not run yet: workers refuse runs, say why on the Workers page and /ready, and look again every
 * 10 s, so installing the package is enough.
 */
import { execFileSync } from 'node:child_process';
import type { Env } from '@/server/env';
import { interpreterProblems } from '@/server/runtime/interpreters';
import { sandboxProblems, sandboxRecommendations } from '@/worker/sandbox/run-sandboxed';

export interface PreflightReport {
  /** The service cannot start. */
  fatal: string[];
  /** The service starts, but runs wait until these are fixed. */
  noRuns: string[];
  /** Runs work, with less. */
  optional: string[];
}

function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function preflight(e: Pick<Env, 'REDIS_URL' | 'PYTHON_PATH' | 'BASH_PATH'>): PreflightReport {
  const fatal =
    !e.REDIS_URL && !onPath('redis-server')
      ? ['redis-server not found on PATH: apt-get install -y redis-server (or set REDIS_URL to an existing Redis)']
      : [];
  const noRuns = [...sandboxProblems(), ...interpreterProblems({ python: e.PYTHON_PATH, bash: e.BASH_PATH })];
  return { fatal, noRuns: [...new Set(noRuns)], optional: sandboxRecommendations() };
}

/** The report as plain lines for a terminal (the JSON log has it too). */
export function formatPreflight(report: PreflightReport): string[] {
  const lines: string[] = [];
  for (const line of report.fatal) lines.push(`missing: ${line}`);
  if (report.noRuns.length > 0) {
    lines.push(
      'Scripts cannot run on this host yet (the service starts; workers take runs once this is fixed, no restart needed):',
    );
    for (const line of report.noRuns) lines.push(`  missing: ${line}`);
  }
  for (const line of report.optional) lines.push(`optional: ${line}`);
  return lines;
}
