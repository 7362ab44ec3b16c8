import path from 'node:path';
import type { HostResourceKind } from './host-resources.schema';

/**
 * Which host paths may become a host resource: a pure decision over the path text and the
 * installation's own directories (protected-dirs.ts gathers those). The worker checks the real
 * host again right before a run (worker/sandbox/host-binds.ts: exists, kind, no symbolic link).
 */

/** Refused, and everything under them: the system itself, and what the sandbox owns. */
const REFUSED_TREES = [
  '/proc',
  '/sys',
  '/etc',
  '/usr',
  '/boot',
  '/bin',
  '/sbin',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/root',
  '/tmp',
  '/work',
  '/dev/shm',
  '/var/lib/postgresql',
  '/var/lib/redis',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/run/systemd',
  '/run/dbus',
  '/var/run/dbus',
  '/snap',
  '/lost+found',
];

/** Refused as a whole (a path under them is judged on its own). */
const REFUSED_EXACT = [
  '/',
  '/dev',
  '/run',
  '/var',
  '/var/run',
  '/var/lib',
  '/var/log',
  '/home',
  '/srv',
  '/mnt',
  '/media',
  '/opt',
  '/var/tmp',
];

/** Host sockets that hand out root (container engines, init). */
const ROOT_SOCKETS = /(^|\/)(docker|containerd|podman|crio|cri-dockerd|libvirt-sock|snapd)\.sock$|^\/run\/containerd\//;

/** Devices that read or write the kernel, memory or whole disks: never. */
const DANGEROUS_DEVICES =
  /^\/dev\/(mem|kmem|port|kmsg|console|tty\d*|sd[a-z]+\d*|hd[a-z]+\d*|vd[a-z]+\d*|xvd[a-z]+\d*|nvme\d+(n\d+(p\d+)?)?|mmcblk\d+(p\d+)?|loop(\d+|-control)|dm-\d+|md\d+|mapper(\/.*)?|disk(\/.*)?|block(\/.*)?|cpu(\/.*)?|watchdog\d*|fuse|autofs|uinput|vhost-.*|vfio(\/.*)?)$/;

const isUnderOrAt = (p: string, dir: string) => p === dir || dir === '/' || p.startsWith(dir + '/');

/**
 * Null when `p` may be granted as a resource of `kind`, else why not (one sentence naming the rule).
 * `protectedDirs`: the installation, data, storage, PostgreSQL and Redis directories (absolute):
 * a path containing one of them, or inside one, is refused.
 */
export function hostPathProblem(p: string, kind: HostResourceKind, protectedDirs: readonly string[]): string | null {
  if (p.includes('\0')) return 'must not contain a NUL byte';
  if ([...p].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    return 'must not contain control characters';
  if (!p.startsWith('/')) return 'must be an absolute path';
  if (p.split('/').some((seg) => seg === '..' || seg === '.')) return 'must not contain . or .. segments';
  if (p !== '/' && (p.endsWith('/') || path.posix.normalize(p) !== p))
    return `must be normalized (${path.posix.normalize(p).replace(/(.)\/$/, '$1')})`;
  if (p === '/') return 'the root directory cannot be granted';
  for (const dir of protectedDirs) {
    if (p === dir) return `is ${dir}, which belongs to the service (installation, data, PostgreSQL or Redis)`;
    if (isUnderOrAt(dir, p))
      return `contains ${dir}, which belongs to the service (installation, data, PostgreSQL or Redis)`;
    if (isUnderOrAt(p, dir))
      return `is inside ${dir}, which belongs to the service (installation, data, PostgreSQL or Redis)`;
  }
  for (const exact of REFUSED_EXACT)
    if (p === exact)
      return `${exact} as a whole cannot be granted: grant the directory inside it that the script needs`;
  for (const tree of REFUSED_TREES) if (isUnderOrAt(p, tree)) return `${tree} and everything in it cannot be granted`;
  if (kind === 'device') {
    if (!p.startsWith('/dev/')) return 'a device must be under /dev';
    if (DANGEROUS_DEVICES.test(p))
      return `${p} gives access to the kernel, memory, a terminal or a whole disk and cannot be granted`;
  } else if (p.startsWith('/dev/')) {
    return 'only devices can be granted under /dev';
  }
  if (kind === 'socket' && ROOT_SOCKETS.test(p))
    return 'a container-engine socket gives root on the host and cannot be granted';
  return null;
}
