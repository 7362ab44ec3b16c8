import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, chownSync, chmodSync } from 'node:fs';
import { buildSandboxArgv, runSandboxed } from '@/worker/sandbox/run-sandboxed';
import { resolveInterpreters } from '@/server/runtime/interpreters';
const I = resolveInterpreters();
const MB = 1024*1024;
const workDir = mkdtempSync('/tmp/sbt/bench-'); chownSync(workDir, 65534, 65534); chmodSync(workDir, 0o711);
const usage = '/tmp/sbt/bench-usage'; writeFileSync(usage, '', { mode: 0o600 });
const base = { language: 'bash' as const, interpreter: I.bash, workDir, input: {}, env: {}, limits: { memoryBytes: 512*MB, cpuSeconds: 10, maxProcesses: 64, maxOpenFiles: 256, maxFileSizeBytes: 10*MB } };
function variant(net: boolean, chain: 'none'|'prlimit'|'prlimit+setpriv'|'full') {
  const c = buildSandboxArgv({ ...base, allowNetwork: net }, { usageFile: chain === 'full' ? usage : null });
  const a = c.args; const sep = a.indexOf('--');
  const bw = a.slice(0, sep + 1);
  const rest = a.slice(sep + 1, -2); // drop interpreter + script
  const pl = rest.slice(0, rest.indexOf('--') + 1);
  if (chain === 'none') return [c.file, ...bw, '/bin/true'];
  if (chain === 'prlimit') return [c.file, ...bw, ...pl, '/bin/true'];
  if (chain === 'prlimit+setpriv') return [c.file, ...bw, ...rest, '/bin/true'];
  return [c.file, ...bw, ...rest, '/bin/true'];
}
const variants: Record<string, string[]> = {
  'spawn /bin/true (no sandbox)': ['/bin/true'],
  'bare bwrap, netns': variant(false, 'none'),
  'bare bwrap, shared net': variant(true, 'none'),
  '+prlimit, netns': variant(false, 'prlimit'),
  '+prlimit+setpriv, netns': variant(false, 'prlimit+setpriv'),
  'full chain (prlimit+time+setpriv), netns': variant(false, 'full'),
  'full chain, shared net': variant(true, 'full'),
};
function once(argv: string[]) { return new Promise<number>((res, rej) => { const t = process.hrtime.bigint(); const c = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore','pipe','pipe'], detached: true, env: {} as NodeJS.ProcessEnv }); let e=''; c.stderr.on('data', d => e += d); c.stdout.resume(); c.on('close', code => code === 0 ? res(Number(process.hrtime.bigint() - t)/1e6) : rej(new Error(argv.join(' ') + e))); }); }
async function rs(net: boolean, language: 'bash'|'python', content: string) { const t = process.hrtime.bigint(); const r = await runSandboxed({ ...base, language, interpreter: language === 'python' ? I.python : I.bash, content, workDir: mkdtempSync('/tmp/sbt/bench-'), allowNetwork: net, timeoutMs: 10000, maxLogBytes: MB, onOutput: () => {} }); if (r.exitCode !== 0) throw new Error(JSON.stringify(r)); return Number(process.hrtime.bigint() - t)/1e6; }
const fns: Record<string, () => Promise<number>> = {};
for (const [k, v] of Object.entries(variants)) fns[k] = () => once(v);
fns['runSandboxed bash "true", netns'] = () => rs(false, 'bash', 'true');
fns['runSandboxed bash "true", shared net'] = () => rs(true, 'bash', 'true');
fns['direct python -c pass (no sandbox)'] = () => once([I.python, '-c', 'pass']);
fns['runSandboxed python "pass", netns'] = () => rs(false, 'python', 'pass');
async function main() {
  const N = Number(process.argv[2] ?? 60);
  const R: Record<string, number[]> = {}; for (const k in fns) R[k] = [];
  for (let i = 0; i < 3; i++) for (const k in fns) await fns[k]!();
  for (let i = 0; i < N; i++) for (const k in fns) R[k]!.push(await fns[k]!());
  for (const k in R) { const xs = R[k]!.sort((a, b) => a - b); console.log(k.padEnd(44), 'median', xs[N >> 1]!.toFixed(2), 'ms  p90', xs[Math.floor(N * 0.9)]!.toFixed(2)); }
}
void main();
