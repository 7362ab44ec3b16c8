// Real bwrap, real interpreters. Run: npx vitest run worker/sandbox
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveInterpreters } from '@/server/runtime/interpreters';
import { paramEnvName, paramEnvValue } from './conventions';
import { OutputLimiter, truncationMarker } from './output';
import {
  canUsePrepared,
  isSandboxAvailable,
  PreparedSandbox,
  runSandboxed,
  type SandboxOutputChunk,
  type SandboxSpec,
} from './run-sandboxed';
import { descendants } from './process-tree';
import { zygoteReady } from './python-zygote';
import { cgroupSupport } from './cgroups';
import { privateRunDir } from './private-dir';
import { parseUsage } from './usage';

const MB = 1024 * 1024;
const interpreters = resolveInterpreters();
const isRoot = process.getuid?.() === 0;
const scratchRoot = mkdtempSync(path.join(os.tmpdir(), 'vss-sandbox-test-'));
const dirsToRemove: string[] = [scratchRoot];

interface Run {
  chunks: SandboxOutputChunk[];
  stdout: () => string;
  stderr: () => string;
}

function newWorkDir(): string {
  return mkdtempSync(path.join(scratchRoot, 'run-'));
}

type Mode = 'cold' | 'prepared' | 'forked';
type RunOverrides = Partial<SandboxSpec> & Pick<SandboxSpec, 'language' | 'content'>;

/**
 * cold: the sandbox is started for the run. prepared: it is started first and left waiting at its
 * gate, as the worker's pool does, unless the run's environment needs a fresh interpreter. forked:
 * like prepared, but a python run is forked into it from the warm interpreter (python-zygote.ts).
 */
async function runIn(
  mode: Mode,
  overrides: RunOverrides,
): Promise<Run & { res: Awaited<ReturnType<typeof runSandboxed>> }> {
  const chunks: SandboxOutputChunk[] = [];
  const spec: SandboxSpec = {
    interpreter: overrides.language === 'python' ? interpreters.python : interpreters.bash,
    workDir: newWorkDir(),
    input: {},
    env: {},
    allowNetwork: false,
    timeoutMs: 10_000,
    killGraceMs: 500,
    limits: {
      memoryBytes: 512 * MB,
      cpuSeconds: 10,
      maxProcesses: 64,
      maxOpenFiles: 256,
      maxFileSizeBytes: 10 * MB,
    },
    maxLogBytes: MB,
    onOutput: (c) => chunks.push(c),
    ...overrides,
  };
  let prepared: PreparedSandbox | undefined;
  if ((mode === 'prepared' || mode === 'forked') && canUsePrepared(spec)) {
    if (mode === 'forked' && isRoot) expect(await zygoteReady(interpreters.python)).toBe(true);
    prepared = PreparedSandbox.start(spec, { fork: mode === 'forked' });
    expect(prepared.zygote !== null).toBe(mode === 'forked' && spec.language === 'python' && isRoot);
    await new Promise((r) => setTimeout(r, 100)); // let it reach the gate
    expect(prepared.claim()).toBe(true);
  }
  const res = await runSandboxed(spec, prepared);
  const text = (stream: 'stdout' | 'stderr') =>
    chunks
      .filter((c) => c.stream === stream)
      .map((c) => c.text)
      .join('');
  return { res, chunks, stdout: () => text('stdout'), stderr: () => text('stderr') };
}

const run = (overrides: RunOverrides) => runIn('cold', overrides);

function pgrep(args: string[]): string[] {
  try {
    return execFileSync('pgrep', args, { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return []; // exit 1 = no match
  }
}

async function waitForNone(args: string[], ms = 2000): Promise<string[]> {
  const deadline = Date.now() + ms;
  let found = pgrep(args);
  while (found.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    found = pgrep(args);
  }
  return found;
}

/** Still there and not a zombie (the namespace init of a killed sandbox waits for the host's init to reap it). */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** The work directory run() created last. */
function lastWorkDir(): string {
  const runs = execFileSync('ls', ['-t', scratchRoot], { encoding: 'utf8' }).trim().split('\n');
  return path.join(scratchRoot, runs[0] ?? '');
}

afterAll(() => {
  for (const dir of dirsToRemove) rmSync(dir, { recursive: true, force: true });
});

describe('helpers', () => {
  it('maps input names and values to PARAM_ variables', () => {
    expect(paramEnvName('my-param.x')).toBe('PARAM_MY_PARAM_X');
    expect(paramEnvName('count')).toBe('PARAM_COUNT');
    expect(paramEnvValue('plain')).toBe('plain');
    expect(paramEnvValue(42)).toBe('42');
    expect(paramEnvValue({ a: [1] })).toBe('{"a":[1]}');
    expect(paramEnvValue(undefined)).toBeUndefined();
  });

  it('decodes UTF-8 split across chunks and truncates with exactly one marker', () => {
    const got: SandboxOutputChunk[] = [];
    const out = new OutputLimiter(10, (c) => got.push(c));
    const euro = Buffer.from('€'); // 3 bytes
    out.push('stdout', euro.subarray(0, 1));
    out.push('stdout', euro.subarray(1));
    out.push('stderr', Buffer.from('abcdefghijkl'));
    out.push('stdout', Buffer.from('more'));
    out.end();
    expect(got.map((c) => [c.stream, c.text])).toEqual([
      ['stdout', '€'],
      ['stderr', 'abcdefg'],
      ['stderr', truncationMarker(10)],
    ]);
    expect(out.truncated).toBe(true);
    expect(out.totalBytes).toBe(3 + 12 + 4);
  });

  it('parses GNU time reports', () => {
    expect(parseUsage('VSSUSAGE 3 0.10 0.25 0.05 2048\n')).toEqual({
      exitCode: 3,
      signal: null,
      cpuTimeMs: 300,
      peakMemoryBytes: 2048 * 1024,
    });
    expect(parseUsage('Command terminated by signal 24\nVSSUSAGE 0 1.00 1.00 0.00 100\n')?.signal).toBe(24);
    expect(parseUsage('')).toBeNull();
  });
});

for (const mode of ['cold', 'prepared', 'forked'] as const)
  describe.skipIf(!isSandboxAvailable())(`runSandboxed (real bwrap, ${mode} sandbox)`, () => {
    const run = (overrides: RunOverrides) => runIn(mode, overrides);
    const savedDatabaseUrl = process.env.DATABASE_URL;
    beforeAll(() => {
      process.env.DATABASE_URL = 'postgres://secret';
    });
    afterAll(() => {
      if (savedDatabaseUrl === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = savedDatabaseUrl;
    });
    afterEach(async () => {
      // No test may leave processes of the sandbox uid behind.
      if (isRoot) expect(await waitForNone(['-u', '65534'])).toEqual([]);
    });

    it('runs python and returns its JSON result', async () => {
      const { res, stdout } = await run({
        language: 'python',
        content: [
          'import json, os, sys',
          'print("hello from python")',
          'json.dump({"ok": True, "uid": os.getuid(), "prefix": sys.prefix, "cwd": os.getcwd()},',
          '          open(os.environ["VSS_RESULT_FILE"], "w"))',
        ].join('\n'),
      });
      expect(res.outcome).toBe('exited');
      expect(res.exitCode).toBe(0);
      expect(res.signal).toBeNull();
      expect(stdout()).toBe('hello from python\n');
      const result = res.result as { ok: boolean; uid: number; prefix: string; cwd: string };
      expect(result.ok).toBe(true);
      expect(result.cwd).toBe('/work');
      // The pyenv prefix under the hidden /root is bound back, not silently replaced by /usr.
      expect(result.prefix).toBe(path.dirname(path.dirname(interpreters.python)));
      if (isRoot) expect(result.uid).toBe(65534);
      expect(res.resultError).toBeUndefined();
      expect(res.cpuTimeMs).not.toBeNull();
      expect(res.peakMemoryBytes).toBeGreaterThan(1 * MB);
      expect(res.truncated).toBe(false);
      expect(res.outputBytes).toBe('hello from python\n'.length);
    });

    it('runs bash and returns its JSON result', async () => {
      const { res, stdout } = await run({
        language: 'bash',
        content: 'echo "bash $BASH_VERSION" >&2\necho hi\nprintf \'{"n": %d}\' $((6*7)) > "$VSS_RESULT_FILE"\n',
      });
      expect(res.outcome).toBe('exited');
      expect(res.exitCode).toBe(0);
      expect(stdout()).toBe('hi\n');
      expect(res.result).toEqual({ n: 42 });
    });

    it('reports a nonzero exit code', async () => {
      const py = await run({ language: 'python', content: 'import sys\nsys.exit(3)' });
      expect(py.res).toMatchObject({ outcome: 'exited', exitCode: 3, signal: null, result: undefined });
      const sh = await run({ language: 'bash', content: 'echo boom >&2; exit 42' });
      expect(sh.res).toMatchObject({ outcome: 'exited', exitCode: 42 });
      expect(sh.stderr()).toBe('boom\n');
    });

    it('captures stdout and stderr in order per stream', async () => {
      const { res, stdout, stderr } = await run({
        language: 'python',
        content: 'import sys\nfor i in range(200):\n    print(f"out {i}")\n    print(f"err {i}", file=sys.stderr)\n',
      });
      expect(res.exitCode).toBe(0);
      const lines = (prefix: string) => Array.from({ length: 200 }, (_, i) => `${prefix} ${i}\n`).join('');
      expect(stdout()).toBe(lines('out'));
      expect(stderr()).toBe(lines('err'));
    });

    it('exposes input.json and PARAM_ variables', async () => {
      const input = { name: 'world', count: 3, 'max-items': 10, opts: { deep: [1, 2] }, flag: true };
      const { res } = await run({
        language: 'python',
        input,
        env: { VSS_EXECUTION_ID: 'exec-123', GREETING: 'hi' },
        content: [
          'import json, os',
          'env = {k: v for k, v in os.environ.items() if k.startswith(("PARAM_", "VSS_", "GREETING"))}',
          'data = json.load(open(os.environ["VSS_INPUT_FILE"]))',
          'json.dump({"env": env, "input": data}, open("/work/result.json", "w"))',
        ].join('\n'),
      });
      expect(res.exitCode).toBe(0);
      const result = res.result as { env: Record<string, string>; input: unknown };
      expect(result.input).toEqual(input);
      expect(result.env).toEqual({
        PARAM_NAME: 'world',
        PARAM_COUNT: '3',
        PARAM_MAX_ITEMS: '10',
        PARAM_OPTS: '{"deep":[1,2]}',
        PARAM_FLAG: 'true',
        VSS_INPUT_FILE: '/work/input.json',
        VSS_RESULT_FILE: '/work/result.json',
        VSS_EXECUTION_ID: 'exec-123',
        GREETING: 'hi',
      });
    });

    it("does not leak the worker's environment", async () => {
      expect(process.env.DATABASE_URL).toBe('postgres://secret');
      const { res } = await run({
        language: 'bash',
        env: { LD_LIBRARY_PATH: '/nonexistent' },
        content: [
          'env > /work/env.txt',
          'for f in /proc/*/environ /proc/*/cmdline; do cat "$f" 2>/dev/null; done >> /work/env.txt',
          'grep -c "postgres://secret" /work/env.txt && exit 1',
          'printf \'{"ld": "%s"}\' "$LD_LIBRARY_PATH" > "$VSS_RESULT_FILE"',
        ].join('\n'),
      });
      expect(res).toMatchObject({ outcome: 'exited', exitCode: 0 });
      // Loader variables still reach the script (applied after the privilege drop).
      expect(res.result).toEqual({ ld: '/nonexistent' });
    });

    it.skipIf(!isRoot)('drops capabilities: only setpriv needs for the root phase, none for the script', async () => {
      const { res, stdout } = await run({
        language: 'bash',
        content:
          'for p in 1 2 $$; do awk \'/^(Uid|CapEff|CapBnd|NoNewPrivs):/ {printf "%s %s ", $1, $2} END {print ""}\' /proc/$p/status; done',
      });
      expect(res.exitCode).toBe(0);
      const [init, wrapper, script] = stdout().trim().split('\n');
      expect(init).toMatch(/Uid: 0 CapEff: 0000000000000000 .*NoNewPrivs: 1/);
      // time (pid 2): CAP_SETGID(6) | CAP_SETUID(7) | CAP_SETPCAP(8)
      expect(wrapper).toMatch(/Uid: 0 CapEff: 00000000000001c0 .*NoNewPrivs: 1/);
      expect(script?.trim()).toBe('Uid: 65534 CapEff: 0000000000000000 CapBnd: 0000000000000000 NoNewPrivs: 1');
    });

    it('cannot write outside /work and /tmp', async () => {
      const { res } = await run({
        language: 'python',
        content: [
          'import json',
          'def tryw(p):',
          '    try:',
          '        open(p, "w").write("x"); return True',
          '    except OSError:',
          '        return False',
          'r = {p: tryw(p) for p in ["/etc/x", "/usr/x", "/x", "/var/tmp/x", "/work/x", "/tmp/x", "/dev/shm/x"]}',
          'json.dump(r, open("/work/result.json", "w"))',
        ].join('\n'),
      });
      expect(res.result).toEqual({
        '/etc/x': false,
        '/usr/x': false,
        '/x': false,
        '/var/tmp/x': true, // → /tmp
        '/work/x': true,
        '/tmp/x': true,
        '/dev/shm/x': true,
      });
    });

    it('sees the host through an allowlist: system trees and the interpreter, nothing of the host state', async () => {
      const base = mkdtempSync('/var/tmp/vss-sandbox-test-');
      dirsToRemove.push(base);
      writeFileSync(path.join(base, 'visible-on-host.txt'), 'host file');
      execFileSync('chmod', ['-R', 'a+rX', base]);
      const { res } = await run({
        language: 'bash',
        input: { base },
        content: [
          'for p in /run /var/run /var/lib /home /root /srv /opt /mnt /media /boot /sys "$PARAM_BASE" /etc/shadow /etc/machine-id /etc/hostname; do',
          '  [ -e "$p" ] && echo "visible:$p"',
          'done > /work/visible.txt',
          'cat /etc/passwd /etc/hosts /etc/ld.so.cache > /dev/null && echo ok > /work/etc.txt',
          'python3 -c \'import json, ssl; print("py")\' > /work/py.txt',
        ].join('\n'),
      });
      expect(res.exitCode).toBe(0);
      const workDir = lastWorkDir();
      expect(readFileSync(path.join(workDir, 'visible.txt'), 'utf8')).toBe('');
      expect(readFileSync(path.join(workDir, 'etc.txt'), 'utf8')).toBe('ok\n');
      expect(readFileSync(path.join(workDir, 'py.txt'), 'utf8')).toBe('py\n');
    });

    it.skipIf(!isRoot)('hides install and data directories that lie inside a bound tree', async () => {
      const base = mkdtempSync('/usr/local/vss-sandbox-test-');
      dirsToRemove.push(base);
      const storage = path.join(base, 'deploy', 'storage');
      const extra = path.join(base, 'extra');
      for (const d of [storage, extra]) mkdirSync(d, { recursive: true });
      writeFileSync(path.join(base, 'deploy', '.env'), 'DATABASE_URL=postgres://secret');
      writeFileSync(path.join(extra, 'key'), 'secret');
      writeFileSync(path.join(base, 'visible.txt'), 'public'); // control: not hidden
      execFileSync('chmod', ['-R', 'a+rX', base]);
      const { res } = await run({
        language: 'bash',
        storageDir: storage,
        hiddenPaths: [extra],
        input: { base },
        content: [
          'r=""',
          'for f in "$PARAM_BASE/deploy/.env" "$PARAM_BASE/extra/key"; do',
          '  if cat "$f" >/dev/null 2>&1; then r="$r readable:$f"; fi',
          'done',
          'printf "%s" "$r" > /work/readable.txt',
          'cat "$PARAM_BASE/visible.txt" > /work/control.txt',
        ].join('\n'),
      });
      expect(res.exitCode).toBe(0);
      const workDir = lastWorkDir();
      expect(readFileSync(path.join(workDir, 'control.txt'), 'utf8')).toBe('public');
      expect(readFileSync(path.join(workDir, 'readable.txt'), 'utf8')).toBe('');
    });

    describe('network', () => {
      let server: net.Server;
      let port = 0;
      beforeAll(async () => {
        server = net.createServer((sock) => sock.end('pong\n'));
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        port = (server.address() as net.AddressInfo).port;
      });
      afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

      const content = [
        'import os, socket, sys',
        'try:',
        '    s = socket.create_connection(("127.0.0.1", int(os.environ["PARAM_PORT"])), timeout=3)',
        '    print(s.recv(10).decode().strip())',
        'except OSError as e:',
        '    print("blocked", e)',
        '    sys.exit(3)',
      ].join('\n');

      it('is blocked when allowNetwork=false', async () => {
        const { res, stdout } = await run({ language: 'python', content, input: { port }, allowNetwork: false });
        expect(res.exitCode).toBe(3);
        expect(stdout()).toMatch(/^blocked/);
      });

      it('reaches the host loopback when allowNetwork=true', async () => {
        const { res, stdout } = await run({ language: 'python', content, input: { port }, allowNetwork: true });
        expect(stdout()).toBe('pong\n');
        expect(res.exitCode).toBe(0);
      });
    });

    it('times out a TERM-ignoring script and kills its children', async () => {
      const mark = `${Date.now() % 100000}${Math.floor(Math.random() * 1000)}`;
      const pattern = `sleep 1000\\.${mark}`;
      let seenDuringRun: string[] = [];
      const probe = setTimeout(() => {
        seenDuringRun = pgrep(['-f', pattern]);
      }, 700);
      const { res } = await run({
        language: 'bash',
        timeoutMs: 1200,
        killGraceMs: 500,
        content: `trap '' TERM\n(trap '' TERM; sleep 1000.${mark}) &\nsleep 1000.${mark} &\nsleep 1000.${mark}\n`,
      });
      clearTimeout(probe);
      expect(seenDuringRun.length).toBeGreaterThanOrEqual(2);
      expect(res.outcome).toBe('timed_out');
      expect(res.signal).toBe('SIGKILL');
      expect(res.exitCode).toBeNull();
      expect(res.durationMs).toBeGreaterThanOrEqual(1200 + 400);
      expect(res.durationMs).toBeLessThan(1200 + 500 + 1500);
      expect(pgrep(['-f', pattern])).toEqual([]);
    });

    it('gives a TERM-handling script the grace period to clean up on timeout', async () => {
      const { res, stdout } = await run({
        language: 'bash',
        timeoutMs: 2000, // long enough for the trap to be set on a busy machine
        killGraceMs: 20_000,
        content:
          'trap \'echo cleaning up; echo "{\\"partial\\": true}" > "$VSS_RESULT_FILE"; exit 7\' TERM\nsleep 100 &\nwait\n',
      });
      expect(res.outcome).toBe('timed_out');
      expect(res.exitCode).toBe(7);
      expect(stdout()).toBe('cleaning up\n');
      expect(res.result).toEqual({ partial: true });
      expect(res.durationMs).toBeLessThan(20_000); // ended by its handler, not by the KILL after the grace
    });

    it('cancels via AbortSignal within ~1 s', async () => {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 300);
      const started = Date.now();
      const { res } = await run({ language: 'bash', content: 'sleep 100\n', signal: ac.signal, killGraceMs: 2000 });
      expect(res.outcome).toBe('cancelled');
      expect(Date.now() - started).toBeLessThan(1300);
    });

    it('works without the usage wrapper (measureUsage=false)', async () => {
      const plain = await run({
        language: 'bash',
        content: 'echo "[1]" > "$VSS_RESULT_FILE"; exit 5',
        measureUsage: false,
      });
      expect(plain.res).toMatchObject({ outcome: 'exited', exitCode: 5, result: [1] });
      // Without the wrapper the figures come from the run's control group, where there is one.
      expect(plain.res.peakMemoryBytes === null).toBe(cgroupSupport().version === null);
      // Graceful stop now targets the script itself (inner pid 2).
      const ac = new AbortController();
      const cancelled = await run({
        language: 'bash',
        measureUsage: false,
        signal: ac.signal,
        killGraceMs: 3000,
        onOutput: (c) => c.text.includes('trapped') && ac.abort(), // cancelled once its handler is set
        content: "trap 'echo bye; exit 9' TERM\necho trapped\nsleep 100 &\nwait\n",
      });
      expect(cancelled.res).toMatchObject({ outcome: 'cancelled', exitCode: 9 });
    });

    it('returns cancelled without spawning when already aborted', async () => {
      const ac = new AbortController();
      ac.abort();
      const { res } = await run({ language: 'bash', content: 'echo never', signal: ac.signal });
      expect(res.outcome).toBe('cancelled');
      expect(res.outputBytes).toBe(0);
    });

    it('fails a memory hog at the memory limit', async () => {
      const { res, stderr, stdout } = await run({
        language: 'python',
        limits: {
          memoryBytes: 256 * MB,
          cpuSeconds: 10,
          maxProcesses: 64,
          maxOpenFiles: 256,
          maxFileSizeBytes: 10 * MB,
        },
        content: 'blocks = []\nfor i in range(64):\n    blocks.append(b"x" * (32 * 1024 ** 2))\nprint("allocated")\n',
      });
      expect(stdout()).not.toContain('allocated');
      if (cgroupSupport().memory) {
        // The run's control group: the kernel kills it at the limit, and says so.
        expect(res).toMatchObject({ outcome: 'killed', signal: 'SIGKILL', memoryLimitHit: true });
        expect(res.peakMemoryBytes).toBeGreaterThan(200 * MB);
      } else {
        expect(res.outcome === 'killed' || (res.outcome === 'exited' && res.exitCode === 1)).toBe(true);
        if (res.outcome === 'exited') expect(stderr()).toContain('MemoryError');
      }
      expect(res.peakMemoryBytes ?? 0).toBeLessThanOrEqual(256 * MB);
    });

    it.skipIf(!cgroupSupport().memory)(
      "reports each run's own peak memory and CPU time, never the previous run's",
      async () => {
        // Control groups are made ahead of the runs that take them (cgroups.ts): one that had served
        // a run would carry its figures into the next.
        const hog = await run({
          language: 'python',
          measureUsage: false,
          content:
            'import time\nb = b"x" * (150 * 1024 ** 2)\nt = time.process_time()\nwhile time.process_time() - t < 0.3: pass\n',
        });
        expect(hog.res.outcome).toBe('exited');
        expect(hog.res.peakMemoryBytes).toBeGreaterThan(150 * MB);
        expect(hog.res.cpuTimeMs).toBeGreaterThanOrEqual(300);
        for (let i = 0; i < 3; i++) {
          const { res } = await run({ language: 'bash', content: 'true\n', measureUsage: false });
          expect(res.peakMemoryBytes).toBeLessThan(100 * MB);
          expect(res.cpuTimeMs).toBeLessThan(300);
        }
      },
    );

    it('kills a CPU hog at the cpu limit with SIGXCPU', async () => {
      const { res } = await run({
        language: 'python',
        limits: {
          memoryBytes: 256 * MB,
          cpuSeconds: 1,
          maxProcesses: 64,
          maxOpenFiles: 256,
          maxFileSizeBytes: 10 * MB,
        },
        content: 'while True:\n    pass\n',
      });
      expect(res.outcome).toBe('killed');
      expect(res.signal).toBe('SIGXCPU');
      expect(res.cpuTimeMs).toBeGreaterThanOrEqual(500); // rusage figures are approximate (seen: 880 ms)
    });

    it('contains a fork bomb and leaves nothing behind', async () => {
      const maxProcesses = 32;
      let maxSeen = 0;
      const sampler = setInterval(() => {
        if (isRoot) maxSeen = Math.max(maxSeen, pgrep(['-u', '65534']).length);
      }, 100);
      const { res } = await run({
        language: 'bash',
        timeoutMs: 3000,
        killGraceMs: 500,
        limits: { memoryBytes: 256 * MB, cpuSeconds: 10, maxProcesses, maxOpenFiles: 256, maxFileSizeBytes: 10 * MB },
        content: ':(){ :|:& };:\nsleep 30\n',
      });
      clearInterval(sampler);
      expect(['timed_out', 'exited', 'killed']).toContain(res.outcome);
      expect(res.durationMs).toBeLessThan(3000 + 500 + 2000);
      if (isRoot) {
        expect(maxSeen).toBeLessThanOrEqual(maxProcesses);
        expect(await waitForNone(['-u', '65534'])).toEqual([]);
      }
      // The host can still start processes.
      expect(execFileSync('echo', ['alive'], { encoding: 'utf8' })).toBe('alive\n');
    });

    it('truncates 100 MB of output at maxLogBytes with bounded memory', async () => {
      const rssBefore = process.memoryUsage().rss;
      let delivered = 0;
      let markers = 0;
      let rssMax = rssBefore;
      const res = await runSandboxed({
        language: 'python',
        interpreter: interpreters.python,
        content:
          'import sys\nline = "x" * 1023 + "\\n"\nblock = line * 1024\nfor _ in range(100):\n    sys.stdout.write(block)\n',
        workDir: newWorkDir(),
        input: {},
        env: {},
        allowNetwork: false,
        timeoutMs: 20_000,
        limits: {
          memoryBytes: 512 * MB,
          cpuSeconds: 20,
          maxProcesses: 64,
          maxOpenFiles: 256,
          maxFileSizeBytes: 10 * MB,
        },
        maxLogBytes: MB,
        onOutput: (c) => {
          if (c.text === truncationMarker(MB)) markers += 1;
          else delivered += Buffer.byteLength(c.text);
          rssMax = Math.max(rssMax, process.memoryUsage().rss);
        },
      });
      rssMax = Math.max(rssMax, process.memoryUsage().rss);
      expect(res.outcome).toBe('exited');
      expect(res.exitCode).toBe(0);
      expect(res.truncated).toBe(true);
      expect(res.outputBytes).toBe(100 * MB);
      expect(markers).toBe(1);
      expect(delivered).toBeLessThanOrEqual(MB);
      expect(delivered).toBeGreaterThan(MB - 1024);
      expect(rssMax - rssBefore).toBeLessThan(200 * MB);
    });

    it('enforces the file size limit', async () => {
      const { res, stderr } = await run({
        language: 'python',
        content:
          'with open("/work/big.bin", "wb") as f:\n    for _ in range(50):\n        f.write(b"\\0" * (1024 * 1024))\n',
      });
      expect(res.outcome === 'killed' || res.exitCode !== 0).toBe(true);
      expect(stderr()).toMatch(/File too large|Errno 27/);
      const runs = execFileSync('ls', ['-t', scratchRoot], { encoding: 'utf8' }).trim().split('\n');
      expect(statSync(path.join(scratchRoot, runs[0] ?? '', 'big.bin')).size).toBeLessThanOrEqual(10 * MB);
    });

    it('reports invalid, oversized and symlinked result files', async () => {
      const bad = await run({ language: 'bash', content: 'echo "{not json" > "$VSS_RESULT_FILE"' });
      expect(bad.res.result).toBeUndefined();
      expect(bad.res.resultError).toMatch(/not valid JSON/);
      const big = await run({
        language: 'python',
        content: 'import json, os\njson.dump(["x" * 1000] * 2000, open(os.environ["VSS_RESULT_FILE"], "w"))',
      });
      expect(big.res.resultError).toMatch(/too large/);
      const link = await run({ language: 'bash', content: 'ln -s /etc/hostname "$VSS_RESULT_FILE"' });
      expect(link.res.result).toBeUndefined();
      expect(link.res.resultError).toMatch(/symbolic link/);
    });
  });

describe.skipIf(!isSandboxAvailable())('prepared sandboxes behave like fresh ones', () => {
  const both = async (o: RunOverrides) => Promise.all([runIn('cold', o), runIn('prepared', o)]);
  /** Python also through the warm interpreter, which must be indistinguishable too. */
  const all = async (o: RunOverrides) => Promise.all([runIn('cold', o), runIn('prepared', o), runIn('forked', o)]);

  it('python: same environment, argv, path, globals and stdin', async () => {
    const content = [
      'import json, os, subprocess, sys',
      'child = subprocess.run(["cat"], capture_output=True)', // a child process inherits stdin as /dev/null
      'json.dump({',
      '  "child": [child.returncode, child.stdout.decode(), child.stderr.decode()],',
      '  "env": dict(os.environ), "argv": sys.argv, "path0": sys.path[0], "name": __name__, "file": __file__,',
      '  "globals": sorted(k for k in globals() if k not in ("json", "os", "subprocess", "sys", "child")), "stdin": sys.stdin.read(),',
      '  "main_is_module": sys.modules["__main__"].__dict__ is globals(), "unbuffered": not sys.stdout.line_buffering and sys.stdout.write_through,',
      '}, open(os.environ["VSS_RESULT_FILE"], "w"))',
    ].join('\n');
    const [cold, prepared, forked] = await all({
      language: 'python',
      content,
      input: { n: 1 },
      env: { GREETING: 'multi\nline = value' },
    });
    expect(cold.res.exitCode).toBe(0);
    expect(prepared.res.exitCode).toBe(0);
    expect(forked.res.exitCode).toBe(0);
    expect(prepared.res.result).toEqual(cold.res.result);
    expect(forked.res.result).toEqual(cold.res.result);
    expect(cold.res.result).toMatchObject({
      argv: ['/work/script.py'],
      path0: '/work',
      name: '__main__',
      file: '/work/script.py',
      stdin: '',
      main_is_module: true,
      child: [0, '', ''],
    });
    expect((cold.res.result as { env: Record<string, string> }).env.GREETING).toBe('multi\nline = value');
  });

  it('python: an uncaught exception prints the script traceback only and exits 1', async () => {
    const content = 'def f():\n    raise ValueError("boom")\nf()\n';
    const [cold, prepared, forked] = await all({ language: 'python', content });
    for (const r of [cold, prepared, forked]) expect(r.res).toMatchObject({ outcome: 'exited', exitCode: 1 });
    expect(prepared.stderr()).toBe(cold.stderr());
    expect(forked.stderr()).toBe(cold.stderr());
    expect(prepared.stderr()).toMatch(/File "\/work\/script.py", line 3, in <module>[\s\S]*ValueError: boom/);
    expect(prepared.stderr()).not.toMatch(/vss_gate|<string>/);
  });

  it('python: exit status, exit message, atexit functions and threads as on a normal interpreter exit', async () => {
    const content = [
      'import atexit, sys, threading, time',
      'atexit.register(lambda: print("atexit ran"))',
      'threading.Thread(target=lambda: (time.sleep(0.2), print("thread done"))).start()',
      'sys.stdout.write("no newline")',
      'sys.exit(sys.argv[0] + " says bye")',
    ].join('\n');
    const runs = await all({ language: 'python', content });
    for (const r of runs) {
      expect(r.res).toMatchObject({ outcome: 'exited', exitCode: 1, signal: null });
      expect(r.stdout()).toBe('no newlinethread done\natexit ran\n');
      expect(r.stderr()).toBe('/work/script.py says bye\n');
    }
    const codes = await all({ language: 'python', content: 'import os, sys\nsys.stdout.flush()\nsys.exit(300)' });
    for (const r of codes) expect(r.res.exitCode).toBe(300 & 0xff);
  });

  it('bash: same environment and $0, and stdin is empty', async () => {
    const content = [
      'env -0 | sort -z | tr "\\0" "\\n" > /work/env.txt',
      'printf \'{"zero": "%s", "stdin": "%s", "lines": %s, "sha": "%s", "shlvl": "%s"}\' "$0" "$(cat)" "$(wc -l < /work/env.txt)" "$(sha256sum < /work/env.txt | cut -c1-64)" "$SHLVL" > "$VSS_RESULT_FILE"',
    ].join('\n');
    // The second set has a name bash cannot export: the gate hands over through env(1) instead.
    const envs: Array<Record<string, string>> = [
      { ODD: 'a b\nc:d=e', LD_LIBRARY_PATH: '/nowhere' },
      { 'MY-VAR': 'dash', SHLVL: '7' },
    ];
    for (const env of envs) {
      const [cold, prepared] = await both({ language: 'bash', content, input: { who: 'x' }, env });
      expect(prepared.res.result).toEqual(cold.res.result);
      expect(cold.res.result).toMatchObject({ zero: '/work/script.sh', stdin: '' });
      expect((cold.res.result as { lines: number }).lines).toBeGreaterThan(10);
    }
  });

  it('a python run whose environment changes interpreter start-up gets a fresh sandbox', () => {
    expect(canUsePrepared({ language: 'python', env: { GREETING: 'x' } })).toBe(true);
    for (const name of ['PYTHONPATH', 'LANG', 'LC_ALL', 'HOME', 'TZ', 'LD_PRELOAD']) {
      expect(canUsePrepared({ language: 'python', env: { [name]: 'x' } })).toBe(false);
    }
    expect(canUsePrepared({ language: 'bash', env: { LD_PRELOAD: 'x', PYTHONPATH: 'y' } })).toBe(true);
  });

  it('refuses a prepared sandbox started for another shape (here: without network)', async () => {
    const workDir = newWorkDir();
    const shape = {
      language: 'bash' as const,
      interpreter: interpreters.bash,
      workDir,
      allowNetwork: false,
      limits: { memoryBytes: 512 * MB, cpuSeconds: 10, maxProcesses: 64, maxOpenFiles: 256, maxFileSizeBytes: 10 * MB },
    };
    const prepared = PreparedSandbox.start(shape);
    expect(prepared.claim()).toBe(true);
    const spec: SandboxSpec = {
      ...shape,
      allowNetwork: true,
      content: 'true',
      input: {},
      env: {},
      timeoutMs: 5000,
      maxLogBytes: MB,
      onOutput: () => undefined,
    };
    await expect(runSandboxed(spec, prepared)).rejects.toThrow(/another shape/);
    prepared.discard();
    await prepared.process.closed;
  });

  it('a forked run over before its start is reported still delivers all its output', async () => {
    // A script this short can reach end of file on its pipes before the zygote reports its pid.
    for (let i = 0; i < 25; i++) {
      const r = await runIn('forked', { language: 'python', content: `print(${i})` });
      expect([r.res.exitCode, r.stdout()]).toEqual([0, `${i}\n`]);
    }
  });

  it.each([false, true])('a discarded prepared sandbox leaves no process behind (forked runs: %s)', async (fork) => {
    if (fork && isRoot) expect(await zygoteReady(interpreters.python)).toBe(true);
    const workDir = newWorkDir();
    const prepared = PreparedSandbox.start(
      {
        language: 'python',
        interpreter: interpreters.python,
        workDir,
        allowNetwork: false,
        runAsUid: 65534,
        limits: {
          memoryBytes: 512 * MB,
          cpuSeconds: 10,
          maxProcesses: 64,
          maxOpenFiles: 256,
          maxFileSizeBytes: 10 * MB,
        },
      },
      { fork },
    );
    const holder = await prepared.process.started;
    // Started: init and the gate (or the holder's sleep) are up.
    for (let i = 0; i < 100 && descendants(holder).length < 2; i++) await new Promise((r) => setTimeout(r, 30));
    expect(prepared.alive).toBe(true);
    const inside = descendants(holder).map((p) => p.pid);
    expect(inside.length).toBeGreaterThanOrEqual(2); // init and the gate (or the holder's sleep)
    // A gate waits as the sandbox uid; a holder runs nothing of it until a run is forked in.
    if (isRoot) {
      const uidOf = (pid: number) => Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
      const asSandboxUid = () => descendants(holder).some((p) => uidOf(p.pid) === 65534);
      for (let i = 0; i < 100 && !fork && !asSandboxUid(); i++) await new Promise((r) => setTimeout(r, 30));
      expect(asSandboxUid()).toBe(!fork);
    }
    const { script, input } = prepared.runFiles; // in memory, filled when its run comes
    expect(
      [script, input].map((f) => [path.dirname(f), path.basename(f).replace(/^[0-9a-f-]{36}-/, ''), statSync(f).size]),
    ).toEqual([
      [privateRunDir(), 'script.py', 0],
      [privateRunDir(), 'input.json', 0],
    ]);
    // Readable by the run's uid (as its group) only; the worker's private directory is root's alone.
    if (isRoot) {
      expect(
        [script, input].map((f) => [statSync(f).uid, statSync(f).gid, (statSync(f).mode & 0o777).toString(8)]),
      ).toEqual([
        [0, 65534, '640'],
        [0, 65534, '640'],
      ]);
      expect((statSync(privateRunDir()).mode & 0o777).toString(8)).toBe('700');
    }
    prepared.discard();
    expect(prepared.claim()).toBe(false);
    if (isRoot) expect(await waitForNone(['-u', '65534'])).toEqual([]);
    await prepared.process.closed;
    await new Promise((r) => setTimeout(r, 50));
    expect(inside.filter(isRunning)).toEqual([]);
    expect([existsSync(script), existsSync(input)]).toEqual([false, false]);
  });
});

describe('secret values stay off command lines', () => {
  it('never puts environment values in any host process argv while the script runs', async () => {
    const secret = `cmdline-secret-${Date.now()}`;
    const running = run({ language: 'bash', content: 'echo "len=${#TOKEN}"; sleep 1', env: { TOKEN: secret } });
    await new Promise((r) => setTimeout(r, 400));
    const leaks: string[] = [];
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(secret)) leaks.push(pid);
      } catch {
        // process ended meanwhile
      }
    }
    const { res, stdout } = await running;
    expect(leaks).toEqual([]);
    expect(res.exitCode).toBe(0);
    expect(stdout()).toContain(`len=${secret.length}`); // the script did receive it
  });
});
