// The process that starts the sandboxes: real python3 helper, real processes. Run: npx vitest run worker/sandbox
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostTools } from './host-tools';
import { launch, stopSpawnHelper, type Launched } from './spawn-helper';

const cmd = (file: string, args: string[], env: Record<string, string> = {}, openFds: Record<number, string> = {}) => ({
  file,
  args,
  env,
  scriptUid: null,
  usageWrapper: false,
  privileged: false,
  openFds,
  etcCopy: null,
});

function read(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (c: string) => (text += c));
    stream.on('close', () => resolve(text));
  });
}

/** [state, ppid, pgrp, session] from /proc/<pid>/stat, or null once it is gone. */
function stat(pid: number): [string, number, number, number] | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return [f[0]!, Number(f[1]), Number(f[2]), Number(f[3])];
  } catch {
    return null;
  }
}

const goneOrZombie = (pid: number) => {
  const s = stat(pid);
  return s === null || s[0] === 'Z';
};

function pgrep(pattern: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

describe('spawn helper', () => {
  it('starts the process outside the worker, with the pipes connected straight to the worker', async () => {
    const p = await launch(
      cmd('/bin/sh', ['-c', 'echo "$PPID"; read line; echo "got $line"; echo oops >&2; exit 3']),
      true,
    );
    const [out, err] = [read(p.stdout), read(p.stderr)];
    p.stdin!.end('hello\n');
    expect(await p.exit).toEqual({ code: 3, signal: null });
    const [ppidLine, got] = (await out).trim().split('\n');
    expect(got).toBe('got hello');
    expect(await err).toBe('oops\n');
    const ppid = Number(ppidLine);
    expect(ppid).not.toBe(process.pid);
    expect(readFileSync(`/proc/${ppid}/cmdline`, 'utf8')).toContain('spawn-helper.py');
  });

  it('gives the child its own session and process group, every signal at its default, none blocked', async () => {
    const p = await launch(cmd('/bin/sh', ['-c', 'grep -E "^Sig(Ign|Blk)" /proc/self/status; exec sleep 30']), false);
    const out = read(p.stdout);
    for (
      let i = 0;
      i < 100 && !(stat(p.pid)?.[0] === 'S' && readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').startsWith('sleep'));
      i++
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const [, , pgrp, session] = stat(p.pid)!;
    expect([pgrp, session]).toEqual([p.pid, p.pid]);
    p.killGroup('SIGTERM'); // through the helper, which knows whether the pid was reaped
    expect(await p.exit).toEqual({ code: null, signal: 'SIGTERM' });
    p.killGroup('SIGKILL'); // reaped: nothing is signalled, nothing throws
    // Python ignores SIGPIPE and SIGXFSZ for itself; a script must not inherit that. (Only the
    // standard signals 1–31 count: glibc re-arms its own real-time ones in every program it starts.)
    const masks = Object.fromEntries(
      (await out)
        .trim()
        .split('\n')
        .map((l) => l.split(':\t'))
        .map(([k, v]) => [k, BigInt(`0x${v}`) & 0x7fffffffn]),
    );
    expect(masks).toEqual({ SigIgn: 0n, SigBlk: 0n });
  });

  it('rejects a command that cannot be started, naming it and the reason', async () => {
    await expect(launch(cmd('/nonexistent/interpreter', []), false)).rejects.toThrow(
      /\/nonexistent\/interpreter: No such file or directory/,
    );
    const p = await launch(cmd('/bin/true', []), false); // the helper goes on serving
    expect(await p.exit).toEqual({ code: 0, signal: null });
  });

  it('launches a child that closes its stdin at once (it may be gone before the worker opens the pipe)', async () => {
    const p = await launch(cmd('/bin/sh', ['-c', 'exec 0<&-; exit 7']), true);
    expect(await p.exit).toEqual({ code: 7, signal: null });
  });

  it('reports running children killed when the helper stops, and leaves none behind', async () => {
    const p = await launch(cmd('/bin/sleep', ['31.5']), false);
    stopSpawnHelper();
    expect(await p.exit).toEqual({ code: null, signal: 'SIGKILL' });
    for (let i = 0; i < 50 && !goneOrZombie(p.pid); i++) await new Promise((r) => setTimeout(r, 20));
    expect(goneOrZombie(p.pid)).toBe(true);
    const next = await launch(cmd('/bin/true', []), false); // a new helper is started on demand
    expect(await next.exit).toEqual({ code: 0, signal: null });
  });

  it.skipIf(!hostTools().bwrap)('a killed helper takes its sandboxes with it (bwrap --die-with-parent)', async () => {
    const marker = '32.25';
    const p: Launched = await launch(
      cmd(hostTools().bwrap!, [
        '--ro-bind',
        '/',
        '/',
        '--dev',
        '/dev',
        '--die-with-parent',
        '--',
        '/bin/sleep',
        marker,
      ]),
      false,
    );
    for (let i = 0; i < 100 && pgrep(`^/bin/sleep ${marker}`).length === 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(pgrep(`^/bin/sleep ${marker}`)).toHaveLength(1);
    process.kill(stat(p.pid)![1], 'SIGKILL'); // the helper
    expect((await p.exit).signal).toBe('SIGKILL');
    for (let i = 0; i < 100 && pgrep(`^/bin/sleep ${marker}`).length > 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(pgrep(`^/bin/sleep ${marker}`)).toEqual([]);
    const next = await launch(cmd('/bin/true', []), false);
    expect(await next.exit).toEqual({ code: 0, signal: null });
  });

  it('opens the given files at the given descriptors in the child, read-only', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'vss-open-fd-')), 'data');
    writeFileSync(file, 'filter bytes');
    const p = await launch(
      cmd('/bin/sh', ['-c', 'cat <&3; echo more >&3 2>/dev/null || echo " read-only"'], {}, { 3: file }),
      false,
    );
    const out = read(p.stdout);
    expect(await p.exit).toEqual({ code: 0, signal: null });
    expect(await out).toBe('filter bytes read-only\n');
  });
});
