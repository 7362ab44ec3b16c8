/**
 * What of the host's filesystem a sandbox sees: an allowlist (see argv.ts header). Everything here is
 * read-only inside the sandbox. The host's layout is read once a minute at most (a few dozen stat
 * calls), not per run.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { etcSnapshot } from './etc-snapshot';

/** Top-level system trees: bound read-only, or re-created as the symlinks they are (merged /usr). */
const SYSTEM_TREES = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/**
 * /etc entries programs read for users and groups, name resolution, TLS, time zones, the dynamic
 * loader, Debian's alternatives symlinks, shells and locales. Not: machine-id, hostname, shadow,
 * ssh, cron, the host's service configuration.
 */
const ETC_ENTRIES = [
  'passwd',
  'group',
  'hosts',
  'resolv.conf',
  'nsswitch.conf',
  'host.conf',
  'gai.conf',
  'services',
  'protocols',
  'networks',
  'ssl',
  'ca-certificates',
  'ca-certificates.conf',
  'pki',
  'crypto-policies',
  'localtime',
  'timezone',
  'ld.so.cache',
  'ld.so.conf',
  'ld.so.conf.d',
  'alternatives',
  'mime.types',
  'os-release',
  'debian_version',
  'bash.bashrc',
  'profile',
  'inputrc',
  'locale.alias',
  'locale.conf',
  'default',
  'magic',
  'mailcap',
  'xdg',
  'fonts',
];
/** Configuration of Debian's own interpreters (e.g. /etc/python3.11/sitecustomize.py). */
const ETC_PATTERN = /^(python3(\.\d+)?|perl)$/;

export type Mount =
  | { kind: 'ro-bind'; path: string }
  | { kind: 'symlink'; target: string; path: string }
  /** A copy of host paths (`covers`) bound read-only at `path` (etc-snapshot.ts). */
  | { kind: 'copy'; source: string; path: string; covers: string[] };

function isUnder(child: string, parent: string): boolean {
  if (parent === '/') return child !== '/';
  return child.startsWith(parent + '/');
}

function isCoveredBy(p: string, roots: string[]): boolean {
  return roots.some((r) => r === p || isUnder(p, r));
}

/** The system trees and the allowed /etc entries present on this host. */
function readHostLayout(): { trees: Mount[]; etc: string[] } {
  const trees: Mount[] = [];
  for (const tree of SYSTEM_TREES) {
    let st;
    try {
      st = lstatSync(tree);
    } catch {
      continue;
    }
    if (st.isSymbolicLink()) trees.push({ kind: 'symlink', target: readlinkSync(tree), path: tree });
    else if (st.isDirectory()) trees.push({ kind: 'ro-bind', path: tree });
  }
  let names: string[] = [];
  try {
    names = readdirSync('/etc');
  } catch {
    // no /etc: nothing to show of it
  }
  const etc: string[] = [];
  for (const name of names.sort()) {
    if (!ETC_ENTRIES.includes(name) && !ETC_PATTERN.test(name)) continue;
    const full = path.join('/etc', name);
    // A dangling symlink (resolv.conf pointing at a stopped resolver) cannot be bound.
    if (existsSync(full)) etc.push(full);
  }
  return { trees, etc };
}

/** df and mount read /etc/mtab; inside the sandbox it shows the sandbox's own mounts. */
const MTAB = { name: 'mtab', target: '../proc/self/mounts' };
/** The same arrays at every start: the copy's selection is then recognised without comparing its contents. */
const ETC_EXTRAS = [MTAB];

const LAYOUT_TTL_MS = 60_000;
let host: { at: number; trees: Mount[]; etc: string[] } | undefined;
let layout: { copy: string | null; mounts: Mount[] } | undefined;

/**
 * The system part of every sandbox's filesystem. /etc is one bind of a copy of the allowed entries
 * (a quarter of a sandbox start's CPU, etc-snapshot.ts, which keeps the copy current); where the
 * selection is too large to copy, one bind per entry.
 */
export function systemLayout(): Mount[] {
  const now = Date.now();
  if (!host || now - host.at > LAYOUT_TTL_MS) {
    host = { at: now, ...readHostLayout() };
    layout = undefined;
  }
  const copy = etcSnapshot(host.etc, ETC_EXTRAS);
  if (!layout || layout.copy !== copy) {
    const etc: Mount[] = copy
      ? [{ kind: 'copy', source: copy, path: '/etc', covers: host.etc }]
      : [
          ...host.etc.map((full): Mount => ({ kind: 'ro-bind', path: full })),
          { kind: 'symlink', target: MTAB.target, path: `/etc/${MTAB.name}` },
        ];
    layout = { copy, mounts: [...host.trees, ...etc] };
  }
  return layout.mounts;
}

/** Read-only trees the system layout binds or copies (what a hidden directory must lie under to matter). */
export function boundRoots(mounts: Mount[]): string[] {
  return mounts.flatMap((m) => (m.kind === 'ro-bind' ? [m.path] : m.kind === 'copy' ? m.covers : []));
}

function venvHome(prefix: string): string | null {
  try {
    const cfg = readFileSync(path.join(prefix, 'pyvenv.cfg'), 'utf8');
    const home = /^\s*home\s*=\s*(.+?)\s*$/m.exec(cfg)?.[1];
    return home ? path.dirname(path.resolve(home)) : null;
  } catch {
    return null;
  }
}

const interpreterCache = new Map<string, string[]>();

/**
 * Installation directories of an interpreter living outside the system trees: <prefix> of
 * <prefix>/bin/python3 (stdlib, site-packages, libpython), and for a virtual environment also the
 * base installation it points at. Empty for /usr/bin/python3 or /bin/bash.
 */
export function interpreterRoots(interpreter: string, covered: string[]): string[] {
  const key = `${interpreter}\0${covered.join('\0')}`;
  const hit = interpreterCache.get(key);
  if (hit) return hit;
  const roots: string[] = [];
  const add = (dir: string | null) => {
    if (!dir || dir === '/' || isCoveredBy(dir, [...covered, ...roots])) return;
    try {
      if (!statSync(dir).isDirectory()) return;
    } catch {
      return;
    }
    for (let i = roots.length - 1; i >= 0; i--) if (isUnder(roots[i]!, dir)) roots.splice(i, 1);
    roots.push(dir);
  };
  for (const candidate of new Set([interpreter, safeRealpath(interpreter)])) {
    const prefix = path.dirname(path.dirname(candidate));
    add(prefix);
    add(venvHome(prefix));
  }
  if (interpreterCache.size > 50) interpreterCache.clear();
  interpreterCache.set(key, roots);
  return roots;
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
