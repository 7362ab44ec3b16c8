import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SOURCES = [
  'app',
  'components',
  'server',
  'db',
  'public',
  'next.config.ts',
  'package-lock.json',
  'postcss.config.mjs',
  'instrumentation.ts',
];

function walk(p: string, out: string[]): void {
  if (!existsSync(p)) return;
  const st = statSync(p);
  if (st.isDirectory()) {
    for (const name of readdirSync(p).sort()) if (!name.endsWith('.test.ts')) walk(path.join(p, name), out);
  } else {
    out.push(`${p}:${st.size}:${st.mtimeMs}`);
  }
}

/** A fingerprint of what the production build depends on, so `npm start` rebuilds only when needed. */
export function sourceFingerprint(root: string, basePath: string): string {
  const entries: string[] = [`basePath=${basePath}`];
  for (const s of SOURCES) walk(path.join(root, s), entries);
  return createHash('sha256').update(entries.join('\n')).digest('hex');
}

export function buildIsCurrent(distDir: string, fingerprint: string): boolean {
  const stamp = path.join(distDir, 'vss-build-stamp');
  return existsSync(path.join(distDir, 'BUILD_ID')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === fingerprint;
}

export function writeBuildStamp(distDir: string, fingerprint: string): void {
  writeFileSync(path.join(distDir, 'vss-build-stamp'), fingerprint);
}
