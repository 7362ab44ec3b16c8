import path from 'node:path';
import type { hostResources } from '@/db/schema';
import type { HostResourceKind, HostResourceMode } from './host-resources.schema';

type Row = typeof hostResources.$inferSelect;

/** Paths that are the sandbox's own (its work directory and private /tmp): no grant needed. */
export function isSandboxPrivatePath(p: string): boolean {
  if (!isNormalizedAbsolute(p)) return false; // '/work/../srv' is not in /work
  return ['/work', '/tmp'].some((d) => p === d || p.startsWith(`${d}/`));
}

function isNormalizedAbsolute(p: string): boolean {
  return (
    p.startsWith('/') &&
    !p.includes('\0') &&
    path.posix.normalize(p) === p &&
    !p.split('/').includes('..') &&
    (p === '/' || !p.endsWith('/'))
  );
}

/**
 * The resource that gives a script `need` on host path `p`: a directory resource at or above it
 * (for a directory need), or exactly it (file, socket, device); read-write satisfies read-only.
 * The most specific one wins. Null when none does, or when `p` is not a normalized absolute path
 * (a `..` could otherwise climb out of the resource).
 */
export function matchHostResource(
  p: string,
  need: { kind: HostResourceKind; mode: HostResourceMode },
  resources: Row[],
): Row | null {
  if (!isNormalizedAbsolute(p)) return null;
  const fits = resources.filter((r) => {
    if (need.mode === 'read-write' && r.mode !== 'read-write') return false;
    if (r.path === p) return r.kind === need.kind;
    return need.kind === 'directory' && r.kind === 'directory' && p.startsWith(`${r.path}/`);
  });
  return fits.sort((a, b) => b.path.length - a.path.length)[0] ?? null;
}
