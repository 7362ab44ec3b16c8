// Preloaded into the web process (node --import) when BASE_PATH is set. Two nginx blocks are in
// use: one keeps the prefix (`proxy_pass http://app:8087;`), the seed's strips it
// (`proxy_pass http://app:8087/;`). The build serves everything under BASE_PATH, so a request
// that arrives without it gets it back here, before Next.js routes it: pages, /_next assets,
// /docs, REST, SSE and next-auth then work behind either block.
//
// A path that starts with BASE_PATH is ambiguous only when BASE_PATH is also the name of a page
// (`/scripts` is the scripts list): `/scripts/<x>` is taken as prefixed when <x> is one of the
// app's top-level names (pages, API, /_next, public files) or empty, otherwise as a stripped
// `/scripts/<x>` page; exactly `/scripts` from a proxy is the stripped scripts list (nginx answers
// a prefixed `/scripts` with a redirect to `/scripts/` before it reaches us).
import http from 'node:http';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** First path segments the app serves under BASE_PATH: from app/ (route groups opened) and public/. */
export function topLevelNames(root) {
  const names = new Set(['_next']);
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      if (entry.name.startsWith('(') && entry.name.endsWith(')')) walk(path.join(dir, entry.name));
      else if (!entry.name.startsWith('_') && !entry.name.startsWith('[') && !entry.name.startsWith('@'))
        names.add(entry.name);
    }
  };
  walk(path.join(root, 'app'));
  const pub = path.join(root, 'public');
  if (existsSync(pub)) for (const entry of readdirSync(pub)) names.add(entry);
  return names;
}

/** The request URL as the build expects it (with BASE_PATH). */
export function restorePrefix(url, base, names, viaProxy) {
  if (!base || !url.startsWith('/')) return url;
  const q = url.search(/[?#]/);
  const pathname = q < 0 ? url : url.slice(0, q);
  const basePage = base.slice(1); // e.g. 'scripts': is the prefix also a page's name?
  if (pathname === base) return viaProxy && names.has(basePage) ? base + url : url;
  if (pathname.startsWith(`${base}/`)) {
    const first = pathname.slice(base.length + 1).split('/')[0];
    if (first === '' || names.has(decodeURIComponent(first))) return url;
    return names.has(basePage) ? base + url : url;
  }
  return base + url;
}

const base = process.env.BASE_PATH ?? '';
if (base && !globalThis.__vssPrefixRestore) {
  globalThis.__vssPrefixRestore = true;
  const names = topLevelNames(process.cwd());
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function restoreBasePath(event, req, ...rest) {
    if (
      (event === 'request' || event === 'upgrade' || event === 'checkContinue') &&
      req &&
      typeof req.url === 'string'
    ) {
      const h = req.headers ?? {};
      const viaProxy = Boolean(
        h['x-forwarded-for'] || h['x-forwarded-host'] || h['x-real-ip'] || h['x-forwarded-proto'],
      );
      req.url = restorePrefix(req.url, base, names, viaProxy);
    }
    return emit.call(this, event, req, ...rest);
  };
}
