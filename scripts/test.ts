/**
 * `npm test`: typecheck, lint, format check (Prettier), unit + integration tests (vitest, real PostgreSQL/Redis/bwrap),
 * then the end-to-end suite in Chromium against a production build. Stops at the first failure and
 * ends with one plain line of totals ("N passed, N failed").
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const reports = mkdtempSync(path.join(os.tmpdir(), 'vss-npm-test-'));
const vitest = (name: string, extra: string[] = []) => [
  'npx',
  'vitest',
  'run',
  ...extra,
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${path.join(reports, `${name}.json`)}`,
];

const steps: [string, string[], string?][] = [
  ['typecheck', ['npx', 'tsc', '--noEmit']],
  ['lint', ['npx', 'eslint', '.', '--max-warnings=0']],
  ['format', ['npx', 'prettier', '--check', '--log-level=warn', '.']],
  ['unit and integration tests', vitest('unit'), 'unit'],
  ['end-to-end tests', vitest('e2e', ['--config', 'e2e/vitest.e2e.mts']), 'e2e'],
];

const totals = { passed: 0, failed: 0, skipped: 0 };
function addReport(name: string): void {
  try {
    const r = JSON.parse(readFileSync(path.join(reports, `${name}.json`), 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
    };
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += r.numPendingTests;
  } catch {
    // no report: the runner itself failed; its exit code says so
  }
}

const only = process.argv[2];
let status = 0;
for (const [name, cmd, report] of steps) {
  if (only && !name.startsWith(only)) continue;
  const started = Date.now();
  console.log(`\n=== ${name}: ${cmd.join(' ')}`);
  const r = spawnSync(cmd[0]!, cmd.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (report) addReport(report);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`=== ${name} FAILED after ${secs}s`);
    status = r.status ?? 1;
    break;
  }
  console.log(`=== ${name} passed in ${secs}s`);
}
rmSync(reports, { recursive: true, force: true });
console.log(
  `\ntotals: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exit(status);
