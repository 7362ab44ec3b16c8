// Hostile scripts, one escape attempt each, in every launch mode (cold, prepared gate, forked from the
// python zygote). Real bwrap, real interpreters, real host sockets. Run: npx vitest run worker/sandbox/hostile
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInterpreters } from '@/server/runtime/interpreters';
import { cgroupSupport } from './cgroups';
import { zygoteReady } from './python-zygote';
import {
  canUsePrepared,
  isSandboxAvailable,
  PreparedSandbox,
  runSandboxed,
  sandboxPreflight,
  type SandboxResult,
  type SandboxSpec,
} from './run-sandboxed';

const MB = 1024 * 1024;
const interpreters = resolveInterpreters();
const isRoot = process.getuid?.() === 0;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'vss-hostile-'));
chmodSync(scratch, 0o755);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Mode = 'cold' | 'prepared' | 'forked';
const MODES: Mode[] = ['cold', 'prepared', 'forked'];
let dirs = 0;

interface Outcome {
  res: SandboxResult;
  stdout: string;
  stderr: string;
}

async function runIn(
  mode: Mode,
  spec: Partial<SandboxSpec> & Pick<SandboxSpec, 'language' | 'content'>,
): Promise<Outcome> {
  const workDir = path.join(scratch, `w${++dirs}`);
  execFileSync('mkdir', ['-p', workDir]);
  let stdout = '';
  let stderr = '';
  const full: SandboxSpec = {
    interpreter: spec.language === 'python' ? interpreters.python : interpreters.bash,
    workDir,
    input: {},
    env: {},
    allowNetwork: false,
    timeoutMs: 20_000,
    killGraceMs: 500,
    limits: { memoryBytes: 512 * MB, cpuSeconds: 20, maxProcesses: 64, maxOpenFiles: 256, maxFileSizeBytes: 64 * MB },
    maxLogBytes: 4 * MB,
    onOutput: (c) => (c.stream === 'stdout' ? (stdout += c.text) : (stderr += c.text)),
    ...spec,
  };
  let prepared: PreparedSandbox | undefined;
  if (mode !== 'cold' && canUsePrepared(full)) {
    if (mode === 'forked' && isRoot && full.language === 'python')
      expect(await zygoteReady(full.interpreter)).toBe(true);
    prepared = PreparedSandbox.start(full, { fork: mode === 'forked' });
    expect(prepared.claim()).toBe(true);
  }
  const res = await runSandboxed(full, prepared);
  return { res, stdout, stderr };
}

/** A python script printing one JSON line: what each probe found. */
const probe = (lines: string[]) =>
  ['import json, os, socket, sys', 'out = {}', ...lines, 'print(json.dumps(out))'].join('\n');
const resultOf = (o: Outcome) => JSON.parse(o.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;

describe.skipIf(!isSandboxAvailable())('hostile scripts', () => {
  for (const mode of MODES) {
    describe(`${mode} sandbox`, () => {
      it("cannot find an earlier run's environment, secrets, parameters or script text in its own memory", async () => {
        const marker = `m${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
        // The victim: another script, with secrets in its environment and parameters.
        const victim = await runIn(mode, {
          language: 'python',
          env: { DB_PASSWORD: `envsecret-${marker}` },
          input: { token: `paramsecret-${marker}` },
          content: `# scripttext-${marker}\nimport os\nprint(len(os.environ["DB_PASSWORD"]))`,
        });
        expect(victim.res.exitCode).toBe(0);
        // The attacker scans every readable mapping of its own process for the victim's values.
        const attacker = await runIn(mode, {
          language: 'python',
          input: { needle: marker },
          content: [
            'import ctypes, json, os',
            'needle = os.environ["PARAM_NEEDLE"].encode()',
            'found = []',
            'for line in open("/proc/self/maps"):',
            '    parts = line.split()',
            '    if "r" not in parts[1] or (len(parts) > 5 and parts[5].startswith("[v")):',
            '        continue',
            '    start, end = (int(x, 16) for x in parts[0].split("-"))',
            '    try:',
            '        data = ctypes.string_at(start, end - start)',
            '    except Exception:',
            '        continue',
            '    for kind in (b"envsecret-", b"paramsecret-", b"scripttext-"):',
            '        if kind + needle in data:',
            '            found.append(kind.decode())',
            'print(json.dumps(sorted(set(found))))',
          ].join('\n'),
        });
        expect(attacker.res.exitCode).toBe(0);
        expect(JSON.parse(attacker.stdout.trim())).toEqual([]);
      });

      it("reaches no host Unix socket: the test's own under /run and /tmp, PostgreSQL's, MariaDB's, Redis's", async () => {
        const servers: net.Server[] = [];
        const listen = (file: string) =>
          new Promise<void>((resolve) => {
            const s = net.createServer((c) => c.end('hello\n'));
            servers.push(s);
            s.listen(file, () => {
              chmodSync(file, 0o777);
              resolve();
            });
          });
        const runSock = `/run/vss-hostile-${process.pid}-${mode}.sock`;
        const tmpSock = path.join(scratch, `hostile-${mode}.sock`);
        await listen(runSock);
        await listen(tmpSock);
        const targets = [
          runSock,
          tmpSock,
          '/run/postgresql/.s.PGSQL.5432',
          '/var/run/postgresql/.s.PGSQL.5432',
          '/run/mysqld/mysqld.sock',
          '/run/redis/redis-server.sock',
          '/var/run/redis/redis.sock',
        ];
        const existing = targets.filter((t) => existsSync(t));
        expect(existing).toContain(runSock);
        try {
          for (const allowNetwork of [false, true]) {
            const o = await runIn(mode, {
              language: 'python',
              allowNetwork,
              input: { targets: existing },
              content: probe([
                'for t in json.load(open(os.environ["VSS_INPUT_FILE"]))["targets"]:',
                '    s = socket.socket(socket.AF_UNIX)',
                '    try:',
                '        s.connect(t); out[t] = "connected"',
                '    except OSError as e:',
                '        out[t] = e.strerror',
              ]),
            });
            expect(o.res.exitCode).toBe(0);
            const found = resultOf(o);
            for (const t of existing)
              expect([t, allowNetwork, found[t]]).toEqual([t, allowNetwork, 'No such file or directory']);
          }
        } finally {
          for (const s of servers) s.close();
          rmSync(runSock, { force: true });
        }
      });

      it('cannot make namespaces, mount, trace, load bpf or open perf events', async () => {
        const o = await runIn(mode, {
          language: 'bash',
          content: [
            'unshare -Ur id >/dev/null 2>&1; echo "unshare-user=$?"',
            'unshare -m true >/dev/null 2>&1; echo "unshare-mount=$?"',
            'unshare -n true >/dev/null 2>&1; echo "unshare-net=$?"',
            'mount -t tmpfs none /tmp >/dev/null 2>&1; echo "mount=$?"',
            'python3 - <<"EOF"',
            'import ctypes, errno, os',
            'libc = ctypes.CDLL(None, use_errno=True)',
            'def call(name, *args):',
            '    r = getattr(libc, name)(*args)',
            '    return "ok" if r >= 0 else errno.errorcode[ctypes.get_errno()]',
            'print("ptrace=" + call("ptrace", 16, 1, 0, 0))  # PTRACE_ATTACH to pid 1',
            'print("bpf=" + call("syscall", 321, 0, 0, 0))',
            'print("perf=" + call("syscall", 298, 0, 0, -1, -1, 0))',
            'print("keyctl=" + call("syscall", 250, 0, 0, 0))',
            'print("userfaultfd=" + call("syscall", 323, 0))',
            'print("io_uring=" + call("syscall", 425, 1, 0))',
            'print("clone_newuser=" + call("syscall", 56, 0x10000000 | 17, 0, 0, 0, 0))',
            'print("seccomp=" + open("/proc/self/status").read().split("Seccomp:")[1].split()[0])',
            'EOF',
          ].join('\n'),
        });
        expect(o.res.exitCode).toBe(0);
        const got = Object.fromEntries(
          o.stdout
            .trim()
            .split('\n')
            .map((l) => l.split('=') as [string, string]),
        );
        expect(got).toEqual({
          'unshare-user': '1',
          'unshare-mount': '1',
          'unshare-net': '1',
          mount: process.arch === 'x64' ? '32' : got.mount, // mount(8): "permission denied" exit status
          ptrace: 'EPERM',
          bpf: 'EPERM',
          perf: 'EPERM',
          keyctl: 'EPERM',
          userfaultfd: 'EPERM',
          io_uring: 'EPERM',
          clone_newuser: 'EPERM',
          seccomp: '2',
        });
      });

      it('sees only its own processes in /proc', async () => {
        const o = await runIn(mode, {
          language: 'python',
          content: probe([
            'pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]',
            'out["pids"] = len(pids)',
            'out["max"] = max(pids)',
            'out["host_init"] = any("systemd" in open(f"/proc/{p}/cmdline").read() or "init" == open(f"/proc/{p}/comm").read().strip() for p in pids if os.path.exists(f"/proc/{p}/comm"))',
          ]),
        });
        expect(o.res.exitCode).toBe(0);
        const r = resultOf(o) as { pids: number; max: number; host_init: boolean };
        expect(r.pids).toBeLessThanOrEqual(6); // bwrap's init, the wrappers, the script
        expect(r.max).toBeLessThan(20);
        expect(r.host_init).toBe(false);
      });
    });
  }

  describe.skipIf(!cgroupSupport().memory)('whole-run limits (control group)', () => {
    it('kills a tmpfs hog at its memory limit and records it as such', async () => {
      for (const mode of MODES) {
        const o = await runIn(mode, {
          language: 'bash',
          limits: {
            memoryBytes: 128 * MB,
            cpuSeconds: 20,
            maxProcesses: 64,
            maxOpenFiles: 256,
            maxFileSizeBytes: 1024 * MB,
          },
          tmpSizeBytes: 1024 * MB, // /tmp would hold it: only the memory group stops it
          content:
            'for i in $(seq 1 8); do head -c 33554432 /dev/zero > /tmp/hog$i || exit 3; echo $i; done; echo survived',
        });
        expect([mode, o.stdout.includes('survived'), o.res.memoryLimitHit]).toEqual([mode, false, true]);
        expect(o.res.outcome).toBe('killed');
        expect(o.res.peakMemoryBytes).toBeLessThanOrEqual(128 * MB);
        expect(o.res.peakMemoryBytes).toBeGreaterThan(96 * MB);
      }
    });

    it('measures a known allocation within 10 %', async () => {
      const allocate = (mb: number) =>
        `import time\nblock = bytearray(${mb} * 1024 * 1024)\nfor i in range(0, len(block), 4096):\n    block[i] = 1\ntime.sleep(0.05)\nprint("ok")`;
      for (const mode of MODES) {
        // The interpreter's own share is measured by the same script allocating nothing.
        const base = await runIn(mode, { language: 'python', content: allocate(0) });
        const big = await runIn(mode, { language: 'python', content: allocate(100) });
        expect([base.stdout, big.stdout]).toEqual(['ok\n', 'ok\n']);
        const measured = big.res.peakMemoryBytes! - base.res.peakMemoryBytes!;
        expect([mode, Math.abs(measured - 100 * MB) <= 10 * MB]).toEqual([mode, true]);
      }
    }, 120_000);
  });

  it('keeps run files from other host users: private directory 0700, files 0640 root:<run uid>', () => {
    const spec = {
      language: 'python' as const,
      interpreter: interpreters.python,
      workDir: path.join(scratch, 'files'),
      allowNetwork: false,
      runAsUid: 65534,
      limits: { memoryBytes: 64 * MB, cpuSeconds: 5, maxProcesses: 16, maxOpenFiles: 64, maxFileSizeBytes: MB },
    };
    execFileSync('mkdir', ['-p', spec.workDir]);
    const prepared = PreparedSandbox.start(spec, { fork: false });
    try {
      writeFileSync(prepared.runFiles.script, 'print("secret script")');
      const st = statSync(prepared.runFiles.script);
      const dir = statSync(path.dirname(prepared.runFiles.script));
      if (isRoot) expect([st.uid, st.gid, st.mode & 0o777, dir.mode & 0o777]).toEqual([0, 65534, 0o640, 0o700]);
      else expect([st.mode & 0o077, dir.mode & 0o077]).toEqual([0, 0]);
      // Another unprivileged user cannot read it.
      if (isRoot) {
        const other = (() => {
          try {
            return execFileSync(
              'setpriv',
              ['--reuid=65533', '--regid=65533', '--clear-groups', 'cat', prepared.runFiles.script],
              { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
            );
          } catch (err) {
            return String((err as { stderr?: string }).stderr);
          }
        })();
        expect(other).toContain('Permission denied');
      }
    } finally {
      prepared.discard();
    }
    expect(readFileSync('/proc/self/status', 'utf8')).toContain('Seccomp:\t0'); // the worker itself is not filtered
  });
});

describe('preflight', () => {
  it('finds every tool a sandbox needs on this host, and a sandbox that starts', () => {
    expect(sandboxPreflight()).toBeNull();
  });
});

describe.skipIf(!isSandboxAvailable() || !isRoot)('disk quota of /work', () => {
  let launcher: import('@/worker/executions/sandbox-launcher').SandboxLauncher;
  beforeAll(async () => {
    const { SandboxLauncher } = await import('@/worker/executions/sandbox-launcher');
    const { UidPool } = await import('@/worker/executions/uid-pool');
    launcher = new SandboxLauncher({
      storageDir: path.join(scratch, 'storage'),
      uids: new UidPool(2),
      capacity: 0,
      idleMs: 60_000,
      workDirBytes: 64 * MB,
    });
  });
  afterAll(() => launcher.close());

  it('gives a disk hog ENOSPC at its quota, not the host', async () => {
    let stdout = '';
    const res = await launcher.run({
      language: 'bash',
      interpreter: interpreters.bash,
      input: {},
      env: {},
      allowNetwork: false,
      timeoutMs: 20_000,
      limits: {
        memoryBytes: 512 * MB,
        cpuSeconds: 20,
        maxProcesses: 64,
        maxOpenFiles: 256,
        maxFileSizeBytes: 1024 * MB,
      },
      maxLogBytes: MB,
      onOutput: (c) => (stdout += c.text),
      content:
        'head -c 200000000 /dev/zero > /work/big 2>/tmp/err; echo "rc=$? size=$(stat -c %s /work/big)"; grep -o "No space left on device" /tmp/err',
    });
    expect(launcher.diskQuota).toBe(true);
    expect([res.exitCode, stdout]).toEqual([0, expect.stringContaining('rc=')]);
    const size = Number(/size=(\d+)/.exec(stdout)?.[1]);
    expect(stdout).toMatch(/rc=1 /);
    expect(stdout).toContain('No space left on device');
    expect(size).toBeLessThanOrEqual(64 * MB);
    expect(size).toBeGreaterThan(60 * MB);
  });
});
