import { describe, expect, it } from 'vitest';
import { hostPathProblem } from './host-path-policy';

const install = '/opt/vss';
const data = '/opt/vss/.data';
const pg = '/srv/pgdata';
const dirs = [install, data, pg];

describe('hostPathProblem', () => {
  it.each([
    ['/srv/recordings', 'directory'],
    ['/srv/recordings/cam1', 'directory'],
    ['/var/log/vss', 'directory'],
    ['/var/tmp/vss-exports', 'directory'],
    ['/mnt/nas/archive', 'directory'],
    ['/etcetera/x', 'directory'],
    ['/run/vss/api.sock', 'socket'],
    ['/opt/other/config.yaml', 'file'],
    ['/dev/nvidia0', 'device'],
    ['/dev/nvidiactl', 'device'],
    ['/dev/dri/renderD128', 'device'],
  ] as const)('accepts %s (%s)', (p, kind) => {
    expect(hostPathProblem(p, kind, dirs)).toBeNull();
  });

  it.each([
    ['/', 'directory', /root directory/],
    ['srv/recordings', 'directory', /absolute/],
    ['/srv/recordings/../../etc', 'directory', /\.\. segments/],
    ['/srv/./recordings', 'directory', /\.\. segments/],
    ['/srv//recordings', 'directory', /normalized/],
    ['/srv/recordings/', 'directory', /normalized/],
    ['/srv/rec\0x', 'directory', /NUL/],
    ['/srv/rec\nx', 'directory', /control/],
    ['/proc', 'directory', /\/proc and everything/],
    ['/proc/1/root', 'directory', /\/proc and everything/],
    ['/sys/class', 'directory', /\/sys/],
    ['/etc', 'directory', /\/etc/],
    ['/etc/shadow', 'file', /\/etc/],
    ['/usr/local/bin', 'directory', /\/usr/],
    ['/boot', 'directory', /\/boot/],
    ['/root/.ssh', 'directory', /\/root/],
    ['/tmp/x', 'directory', /\/tmp/],
    ['/work', 'directory', /\/work/],
    ['/dev', 'directory', /\/dev as a whole/],
    ['/run', 'directory', /\/run as a whole/],
    ['/var', 'directory', /\/var as a whole/],
    ['/srv', 'directory', /contains \/srv\/pgdata/],
    ['/mnt', 'directory', /\/mnt as a whole/],
    ['/home', 'directory', /\/home as a whole/],
    ['/var/lib/postgresql/16/main', 'directory', /\/var\/lib\/postgresql/],
    ['/var/lib/redis', 'directory', /\/var\/lib\/redis/],
    ['/opt', 'directory', /contains \/opt\/vss/],
    ['/media', 'directory', /\/media as a whole/],
    ['/opt/vss', 'directory', /^is \/opt\/vss, which belongs to the service/],
    ['/opt/vss/.data/postgres', 'directory', /is inside \/opt\/vss/],
    ['/srv/pgdata', 'directory', /^is \/srv\/pgdata/],
    ['/srv/pgdata/base', 'directory', /is inside \/srv\/pgdata/],
    ['/dev/mem', 'device', /kernel, memory/],
    ['/dev/sda', 'device', /whole disk/],
    ['/dev/nvme0n1', 'device', /whole disk/],
    ['/dev/tty1', 'device', /terminal/],
    ['/srv/nvidia0', 'device', /under \/dev/],
    ['/dev/nvidia0', 'file', /only devices/],
    ['/run/docker.sock', 'socket', /container-engine/],
    ['/var/run/docker.sock', 'socket', /container-engine/],
    ['/run/containerd/containerd.sock', 'socket', /container-engine/],
  ] as const)('refuses %j (%s)', (p, kind, why) => {
    expect(hostPathProblem(p, kind, dirs)).toMatch(why);
  });
});
