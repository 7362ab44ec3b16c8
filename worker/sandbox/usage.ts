/** Parses the GNU time report written to the usage file (format: see argv.ts). */
import { USAGE_FORMAT_TAG } from './argv';

export interface ScriptUsage {
  /** Exit status of the script (0 when it died from a signal). */
  exitCode: number;
  /** Signal number that terminated the script, if any. */
  signal: number | null;
  cpuTimeMs: number;
  peakMemoryBytes: number;
}

export function parseUsage(text: string): ScriptUsage | null {
  const lines = text.split('\n');
  let usage: ScriptUsage | null = null;
  let signal: number | null = null;
  for (const line of lines) {
    const sig = /^Command terminated by signal (\d+)/.exec(line);
    if (sig?.[1]) signal = Number(sig[1]);
    const parts = line.trim().split(/\s+/);
    if (parts[0] !== USAGE_FORMAT_TAG || parts.length < 6) continue;
    const [exit, , user, sys, maxRssKb] = parts.slice(1).map(Number);
    if ([exit, user, sys, maxRssKb].some((n) => n === undefined || !Number.isFinite(n))) continue;
    usage = {
      exitCode: exit ?? 0,
      signal,
      cpuTimeMs: Math.round(((user ?? 0) + (sys ?? 0)) * 1000),
      peakMemoryBytes: (maxRssKb ?? 0) * 1024,
    };
  }
  return usage;
}
