import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { etcSnapshot, holdEtcCopy, resetEtcSnapshot } from './etc-snapshot';
import { privateRunDir } from './private-dir';

const root = mkdtempSync(path.join(os.tmpdir(), 'vss-etc-snapshot-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  vi.useRealTimers();
  resetEtcSnapshot();
});

/** A small /etc of its own: what a sandbox may read, and what it may not. */
function fakeEtc() {
  const etc = mkdtempSync(path.join(root, 'etc-'));
  const file = (rel: string, text: string, mode: number) => {
    writeFileSync(path.join(etc, rel), text);
    chmodSync(path.join(etc, rel), mode);
  };
  file('hosts', '127.0.0.1 localhost\n', 0o644);
  file('shadow-like', 'root:secret\n', 0o600);
  file('setuid-tool', '#!/bin/sh\n', 0o4755);
  mkdirSync(path.join(etc, 'ssl'));
  mkdirSync(path.join(etc, 'ssl', 'private'), { mode: 0o700 });
  file('ssl/private/key.pem', 'PRIVATE KEY\n', 0o644); // readable, but its directory is not searchable
  mkdirSync(path.join(etc, 'ssl', 'certs'));
  symlinkSync('/usr/share/ca-certificates/x.crt', path.join(etc, 'ssl', 'certs', 'x.pem'));
  execFileSync('mkfifo', [path.join(etc, 'ssl', 'fifo')]);
  const elsewhere = path.join(root, `resolv-${path.basename(etc)}`);
  writeFileSync(elsewhere, 'nameserver 10.0.0.53\n');
  chmodSync(elsewhere, 0o644);
  symlinkSync(elsewhere, path.join(etc, 'resolv.conf')); // a top-level symlink: followed, as a bind does
  const entries = ['hosts', 'shadow-like', 'setuid-tool', 'ssl', 'resolv.conf', 'missing'].map((n) =>
    path.join(etc, n),
  );
  return { etc, entries };
}

describe("the sandbox's /etc copy", () => {
  it('holds what others may read, nothing more: set-id bits cleared, inner symlinks kept, a top-level one followed', () => {
    const { entries } = fakeEtc();
    const dir = etcSnapshot(entries, [{ name: 'mtab', target: '../proc/self/mounts' }])!;
    expect(dir).toBeTruthy();
    expect(lstatSync(dir).mode & 0o777).toBe(0o755);
    expect(readFileSync(path.join(dir, 'hosts'), 'utf8')).toBe('127.0.0.1 localhost\n');
    expect(lstatSync(path.join(dir, 'hosts')).mode & 0o7777).toBe(0o644);
    expect(existsSync(path.join(dir, 'shadow-like'))).toBe(false);
    expect(lstatSync(path.join(dir, 'setuid-tool')).mode & 0o7777).toBe(0o755);
    expect(existsSync(path.join(dir, 'ssl', 'private'))).toBe(false);
    expect(readlinkSync(path.join(dir, 'ssl', 'certs', 'x.pem'))).toBe('/usr/share/ca-certificates/x.crt');
    expect(existsSync(path.join(dir, 'ssl', 'fifo'))).toBe(false);
    expect(lstatSync(path.join(dir, 'resolv.conf')).isFile()).toBe(true);
    expect(readFileSync(path.join(dir, 'resolv.conf'), 'utf8')).toBe('nameserver 10.0.0.53\n');
    expect(existsSync(path.join(dir, 'missing'))).toBe(false);
    expect(readlinkSync(path.join(dir, 'mtab'))).toBe('../proc/self/mounts');
  });

  it('is made again once a source changed; the copy in use stays as it was until its sandbox ends', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { etc, entries } = fakeEtc();
    const first = etcSnapshot(entries)!;
    expect(etcSnapshot(entries)).toBe(first); // unchanged, within the check interval
    const release = holdEtcCopy(first); // a sandbox bound to it runs
    writeFileSync(path.join(etc, 'hosts'), '10.1.2.3 camera-gw\n');
    vi.setSystemTime(Date.now() + 6_000); // past the check interval, no background check ran
    const second = etcSnapshot(entries)!;
    expect(second).not.toBe(first);
    expect(readFileSync(path.join(second, 'hosts'), 'utf8')).toBe('10.1.2.3 camera-gw\n');
    expect(readFileSync(path.join(first, 'hosts'), 'utf8')).toBe('127.0.0.1 localhost\n');
    vi.setSystemTime(Date.now() + 6_000);
    expect(etcSnapshot(entries)).toBe(second); // checked again, nothing changed
    release(); // the sandbox ended: the old copy goes, the current one stays
    release(); // a second call changes nothing
    await gone(first);
    expect(existsSync(second)).toBe(true);
  });

  it('removes a replaced copy no sandbox is bound to, and keeps the current one while its sandboxes end', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { etc, entries } = fakeEtc();
    const first = etcSnapshot(entries)!;
    const release = holdEtcCopy(first);
    release(); // the current copy outlives its sandboxes
    expect(existsSync(first)).toBe(true);
    writeFileSync(path.join(etc, 'hosts'), '10.9.9.9 nvr\n');
    vi.setSystemTime(Date.now() + 6_000);
    expect(etcSnapshot(entries)).not.toBe(first);
    await gone(first);
  });
});

/** Removal is asynchronous: `dir` is gone within a few seconds. */
async function gone(dir: string): Promise<void> {
  for (let i = 0; i < 100 && existsSync(dir); i++) await new Promise((r) => setTimeout(r, 50));
  expect(existsSync(dir)).toBe(false);
}

describe('a selection the copy cannot take', () => {
  it('answers null (the entries are bound one by one) and leaves no partial copy behind', () => {
    const etc = mkdtempSync(path.join(root, 'big-'));
    const many = path.join(etc, 'many');
    mkdirSync(many);
    chmodSync(many, 0o755);
    execFileSync('bash', ['-c', 'cd "$1" && seq 1 20001 | xargs touch', 'x', many]);
    const before = new Set(readdirSync(privateRunDir()));
    expect(etcSnapshot([many])).toBeNull();
    expect(readdirSync(privateRunDir()).filter((n) => !before.has(n))).toEqual([]);
  });
});

describe.skipIf(process.getuid?.() !== 0 || !existsSync('/etc/ssl/certs'))(
  'hidden paths inside the copied /etc',
  () => {
    it('are covered where the copy shows them, and left alone where it does not (no mount point to cover)', async () => {
      const { buildSandboxArgv } = await import('./argv');
      const { resolveInterpreters } = await import('@/server/runtime/interpreters');
      const argsFor = (hidden: string) =>
        buildSandboxArgv({
          language: 'bash',
          interpreter: resolveInterpreters().bash,
          workDir: root,
          input: {},
          env: {},
          allowNetwork: false,
          limits: { memoryBytes: 0, cpuSeconds: 0, maxProcesses: 0, maxOpenFiles: 0, maxFileSizeBytes: 0 },
          hiddenPaths: [hidden],
        }).args;
      const etcBind = (args: string[]) => args.findIndex((a, i) => a === '--ro-bind' && args[i + 2] === '/etc');
      const shown = argsFor('/etc/ssl/certs');
      expect(etcBind(shown)).toBeGreaterThanOrEqual(0); // /etc is one bind of the copy
      expect(shown.join(' ')).toContain('--tmpfs /etc/ssl/certs');
      // Not searchable by others on Debian (0710 root:ssl-cert): not in the copy, nothing to cover.
      if ((lstatSync('/etc/ssl/private', { throwIfNoEntry: false })?.mode ?? 0o755) & 0o001) return;
      expect(argsFor('/etc/ssl/private').join(' ')).not.toContain('--tmpfs /etc/ssl/private');
    });
  },
);
