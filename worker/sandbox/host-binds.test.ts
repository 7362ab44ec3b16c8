import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { checkHostBind, hostBindArgs, HostBindError } from './host-binds';

let root: string;
let server: net.Server;

beforeAll(async () => {
  root = mkdtempSync('/var/tmp/vss-host-binds-');
  mkdirSync(path.join(root, 'rec', 'cam1'), { recursive: true });
  writeFileSync(path.join(root, 'app.conf'), 'x');
  symlinkSync(path.join(root, 'rec'), path.join(root, 'link'));
  server = net.createServer();
  await new Promise<void>((r) => server.listen(path.join(root, 'api.sock'), r));
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(root, { recursive: true, force: true });
});

describe('hostBindArgs', () => {
  it('binds each kind at its own path, after --dir for its parents, parents before children', () => {
    const rec = path.join(root, 'rec');
    const args = hostBindArgs([
      { path: path.join(rec, 'cam1'), kind: 'directory', writable: false },
      { path: rec, kind: 'directory', writable: true },
      { path: path.join(root, 'app.conf'), kind: 'file', writable: false },
      { path: path.join(root, 'api.sock'), kind: 'socket', writable: true },
      { path: '/dev/null', kind: 'device', writable: true },
    ]);
    const parents = root
      .split('/')
      .slice(1)
      .map((_, i, parts) => '/' + parts.slice(0, i + 1).join('/'));
    expect(args).toEqual([
      '--perms',
      '0755',
      '--dir',
      '/dev',
      '--dev-bind',
      '/dev/null',
      '/dev/null',
      ...parents.flatMap((d) => ['--perms', '0755', '--dir', d]),
      '--bind',
      path.join(root, 'api.sock'),
      path.join(root, 'api.sock'),
      '--ro-bind',
      path.join(root, 'app.conf'),
      path.join(root, 'app.conf'),
      '--bind',
      rec,
      rec,
      '--ro-bind',
      path.join(rec, 'cam1'),
      path.join(rec, 'cam1'),
    ]);
    expect(hostBindArgs(undefined)).toEqual([]);
    expect(hostBindArgs([])).toEqual([]);
  });

  it.each([
    [{ path: 'var/tmp/x', kind: 'directory' as const, writable: true }, /not absolute/],
    [{ path: '/var/tmp/../etc', kind: 'directory' as const, writable: true }, /not normalized/],
    [{ path: '/var/tmp/', kind: 'directory' as const, writable: true }, /not normalized/],
    [{ path: '/', kind: 'directory' as const, writable: true }, /not normalized/],
    [{ path: '/var/tmp/a\0b', kind: 'directory' as const, writable: true }, /NUL/],
    [{ path: '/var/tmp/vss-no-such-dir-for-test', kind: 'directory' as const, writable: true }, /does not exist/],
  ])('refuses %o', (bind, why) => {
    expect(checkHostBind(bind)).toMatch(why);
    expect(() => hostBindArgs([bind])).toThrow(HostBindError);
  });

  it('refuses a kind that does not match the host, a symlink, a duplicate and a read-only device', () => {
    expect(() => hostBindArgs([{ path: path.join(root, 'app.conf'), kind: 'directory', writable: true }])).toThrow(
      /is a file, not a directory/,
    );
    expect(() => hostBindArgs([{ path: path.join(root, 'rec'), kind: 'socket', writable: true }])).toThrow(
      /is a directory, not a socket/,
    );
    expect(() => hostBindArgs([{ path: '/dev/null', kind: 'file', writable: true }])).toThrow(
      /is a device, not a file/,
    );
    expect(() => hostBindArgs([{ path: path.join(root, 'link'), kind: 'directory', writable: true }])).toThrow(
      /symbolic link/,
    );
    expect(() => hostBindArgs([{ path: path.join(root, 'link', 'cam1'), kind: 'directory', writable: true }])).toThrow(
      /symbolic link/,
    );
    const rec = { path: path.join(root, 'rec'), kind: 'directory' as const, writable: true };
    expect(() => hostBindArgs([rec, { ...rec, writable: false }])).toThrow(/granted twice/);
    expect(() => hostBindArgs([{ path: '/dev/null', kind: 'device', writable: false }])).toThrow(/read-only/);
    expect(checkHostBind(rec)).toBeNull();
  });
});
