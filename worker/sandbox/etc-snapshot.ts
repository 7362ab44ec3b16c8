/**
 * The sandbox's /etc as one directory bound read-only, instead of one bind per allowed entry: a
 * bwrap start with 34 binds of /etc entries cost ~21 ms of CPU on a 2-core VM, with one ~15 ms
 * (issue #22). The directory is a copy, in the worker's private directory, of what the sandbox
 * could read through the binds: the allowed entries, with what is readable by others only (the
 * script runs as an unprivileged uid without groups), set-id bits cleared, symlinks inside kept as
 * symlinks, a top-level symlink followed (as a bind follows it).
 *
 * A copy can go stale: the sources are compared with it (type, mode, size, times of every node) when
 * it is older than CHECK_MS at a sandbox start, then every CHECK_MS while sandboxes keep starting,
 * off the run path; a change makes a new copy for the next sandbox. A copy no longer current is
 * removed once no sandbox is bound to it (holdEtcCopy): removing it sooner would empty a running
 * sandbox's /etc. Too large a selection (over MAX_NODES or MAX_BYTES) is not copied: the caller
 * binds the entries one by one as before.
 */
import {
  chmodSync,
  copyFileSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  type Stats,
} from 'node:fs';
import { lstat, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { logger } from '@/server/log/logger';
import { privateRunDir } from './private-dir';

const CHECK_MS = 5_000;
/** Sandboxes starting within this window keep the background check going. */
const ACTIVE_MS = 60_000;
const MAX_NODES = 20_000;
const MAX_BYTES = 64 * 1024 * 1024;
const MAX_DEPTH = 12;

const OTHERS_READ = 0o004;
const OTHERS_EXEC = 0o001;

/** `rel`: the node's path in the copy (the entry's own name first). */
type Visit = (source: string, st: Stats, rel: string) => 'copy' | 'skip';

/** What of a node is copied: readable by others (directories also searchable); regular files, directories, symlinks. */
function copyable(st: Stats): boolean {
  if (st.isSymbolicLink()) return true;
  if (st.isDirectory()) return (st.mode & (OTHERS_READ | OTHERS_EXEC)) === (OTHERS_READ | OTHERS_EXEC);
  return st.isFile() && (st.mode & OTHERS_READ) !== 0;
}

function describe(st: Stats): string {
  return `${st.mode}:${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
}

class TooLarge extends Error {}

/** Walks the selection as the copy sees it (top level followed, below not); `visit` per node. */
function walkSync(entries: string[], visit: Visit): void {
  let nodes = 0;
  let bytes = 0;
  const count = (st: Stats) => {
    nodes++;
    if (st.isFile()) bytes += st.size;
    if (nodes > MAX_NODES || bytes > MAX_BYTES) throw new TooLarge();
  };
  const walk = (source: string, st: Stats, rel: string, depth: number) => {
    count(st);
    if (visit(source, st, rel) === 'skip' || !st.isDirectory() || depth >= MAX_DEPTH) return;
    for (const name of readdirSync(source).sort()) {
      const child = path.join(source, name);
      walk(child, lstatSync(child), path.join(rel, name), depth + 1);
    }
  };
  for (const entry of entries) {
    let st: Stats;
    try {
      st = statSync(entry); // a top-level symlink is followed, as a bind follows it
    } catch {
      continue; // gone, or dangling (resolv.conf pointing at a stopped resolver)
    }
    walk(entry, st, path.basename(entry), 0);
  }
}

/** The same walk, asynchronous (the background check), answering the signature. */
async function signatureOf(entries: string[]): Promise<string> {
  const parts: string[] = [];
  const walk = async (source: string, st: Stats, depth: number): Promise<void> => {
    parts.push(`${source}=${describe(st)}`);
    if (!copyable(st) || !st.isDirectory() || depth >= MAX_DEPTH || parts.length > MAX_NODES) return;
    for (const name of (await readdir(source)).sort()) {
      const child = path.join(source, name);
      await walk(child, await lstat(child), depth + 1);
    }
  };
  for (const entry of entries) {
    let st: Stats;
    try {
      st = await stat(entry);
    } catch {
      continue; // as walkSync: gone or dangling
    }
    await walk(entry, st, 0);
  }
  return parts.join('\n');
}

let generation = 0;

/** Copies the selection into a new directory of the private directory; answers it and the sources' signature. */
function copySelection(entries: string[], extras: Extras) {
  const dir = path.join(privateRunDir(), `etc-${++generation}`);
  mkdirSync(dir, { mode: 0o755 });
  try {
    return { dir, signature: copyInto(dir, entries, extras) };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

function copyInto(dir: string, entries: string[], extras: Extras): string {
  chmodSync(dir, 0o755); // the sandbox's /etc: the umask must not narrow it
  const signature = signatureSync(entries, (source, st, rel) => {
    const target = path.join(dir, rel);
    if (st.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else if (st.isDirectory()) {
      mkdirSync(target);
      chmodSync(target, st.mode & 0o777);
    } else {
      copyFileSync(source, target);
      chmodSync(target, st.mode & 0o777); // no set-id bits
    }
  });
  for (const { name, target } of extras) symlinkSync(target, path.join(dir, name));
  return signature;
}

type Extras = Array<{ name: string; target: string }>;

interface Snapshot {
  key: string;
  entries: string[];
  extras: Extras;
  /** Null: the selection could not be copied (too large, or an error): tried again after RETRY_MS. */
  dir: string | null;
  signature: string;
  checkedAt: number;
}

const RETRY_MS = 60_000;

let current: Snapshot | null = null;
/** Sandboxes bound to each copy (holdEtcCopy). */
const users = new Map<string, number>();
let lastUse = 0;
let checking = false;
let timer: NodeJS.Timeout | undefined;

function keyOf(entries: string[], extras: Extras): string {
  return JSON.stringify([entries, extras]);
}

/** The sources' signature; `copy` is called for each node the copy holds, parents first. */
function signatureSync(entries: string[], copy?: (source: string, st: Stats, rel: string) => void): string {
  const parts: string[] = [];
  walkSync(entries, (source, st, rel) => {
    parts.push(`${source}=${describe(st)}`);
    if (!copyable(st)) return 'skip';
    copy?.(source, st, rel);
    return 'copy';
  });
  return parts.join('\n');
}

function make(entries: string[], extras: Extras): Snapshot {
  const base = { key: keyOf(entries, extras), entries, extras, checkedAt: Date.now() };
  try {
    return { ...base, ...copySelection(entries, extras) };
  } catch (err) {
    // The sandboxes bind the entries one by one meanwhile, as before the copy existed.
    if (!(err instanceof TooLarge))
      logger().warn({ err }, "the sandbox's /etc could not be copied; binding its entries");
    return { ...base, dir: null, signature: '' };
  }
}

/** Off the run path: a changed source makes a new copy for the next sandbox. */
function scheduleChecks(): void {
  if (timer) return;
  timer = setInterval(() => {
    if (Date.now() - lastUse > ACTIVE_MS) {
      clearInterval(timer);
      timer = undefined;
      return;
    }
    const checked = current;
    if (checking || !checked?.dir) return;
    checking = true;
    void signatureOf(checked.entries)
      .then((signature) => {
        if (current !== checked) return;
        if (signature === checked.signature) checked.checkedAt = Date.now();
        else replaceCurrent(make(checked.entries, checked.extras));
      })
      .catch(() => undefined)
      .finally(() => (checking = false));
  }, CHECK_MS);
  timer.unref();
}

/**
 * A directory to bind read-only as the sandbox's /etc: `entries` (absolute /etc paths) copied as
 * described above, plus `extras` symlinks at its top. Null when the selection cannot be copied.
 */
export function etcSnapshot(entries: string[], extras: Extras = []): string | null {
  const now = Date.now();
  lastUse = now;
  const same = current && current.entries === entries && current.extras === extras; // the layout's own arrays
  if (!current || (!same && current.key !== keyOf(entries, extras))) replaceCurrent(make(entries, extras));
  else if (!current.dir) {
    if (now - current.checkedAt > RETRY_MS) replaceCurrent(make(entries, extras));
  } else if (now - current.checkedAt > CHECK_MS) {
    // Not checked lately (no sandbox started for a while): checked now, on this start.
    let signature = '';
    try {
      signature = signatureSync(entries);
    } catch {
      // changed under the walk, or grown too large: copied again below
    }
    if (signature === current.signature) current.checkedAt = now;
    else replaceCurrent(make(entries, extras));
  }
  if (current!.dir) scheduleChecks();
  return current!.dir;
}

function replaceCurrent(next: Snapshot | null): void {
  const old = current?.dir;
  current = next;
  if (old && old !== next?.dir && !users.has(old)) removeCopy(old);
}

function removeCopy(dir: string): void {
  void rm(dir, { recursive: true, force: true }).catch(() => undefined);
}

/**
 * A sandbox bound to the copy `dir` (null: no copy) starts; the answer is called once it has ended.
 * A copy no longer current goes with the last sandbox bound to it.
 */
export function holdEtcCopy(dir: string | null): () => void {
  if (!dir) return () => undefined;
  users.set(dir, (users.get(dir) ?? 0) + 1);
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    const left = users.get(dir)! - 1;
    if (left > 0) return void users.set(dir, left);
    users.delete(dir);
    if (dir !== current?.dir) removeCopy(dir);
  };
}

/** For tests: forget the current copy (the next call makes a new one). */
export function resetEtcSnapshot(): void {
  replaceCurrent(null);
  if (timer) clearInterval(timer);
  timer = undefined;
}
