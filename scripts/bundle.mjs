// The launcher and the worker as plain JavaScript (esbuild, about a second): production processes
// run these instead of TypeScript through tsx, which keeps its own esbuild service process alive
// beside every Node process that loads it (issue #20: ~170 MB for the launcher chain alone).
// Dependencies stay in node_modules (not bundled). Plain .mjs: this is what runs before anything
// can be compiled.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const bundleDir = path.join(root, 'dist');

/**
 * Modules find files beside their source (spawn-helper.py, migrations, the app root) through
 * import.meta.url; in one bundle that URL would be the bundle's. Each module gets its own source
 * file's URL back, relative to the bundle, so the checkout can still move.
 */
const sourceUrls = (outdir) => ({
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.(ts|mts)$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const rel = path.relative(outdir, args.path).split(path.sep).join('/');
      return {
        contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`),
        loader: 'ts',
        resolveDir: path.dirname(args.path),
      };
    });
  },
});

/**
 * A deep import of a package without an `exports` map (`jexl/dist/evaluator/handlers`) resolves
 * without its extension under tsx, not under Node's ESM loader: name the file, still external
 * (one copy of the module, shared with the package's own requires).
 */
const require = createRequire(path.join(root, 'package.json'));
const deepImports = {
  name: 'deep-import-extensions',
  setup(build) {
    build.onResolve({ filter: /^(@[^/]+\/)?[^./@][^/]*\/.+/ }, (args) => {
      if (args.path.startsWith('node:') || path.extname(args.path)) return undefined;
      const name = args.path
        .split('/')
        .slice(0, args.path.startsWith('@') ? 2 : 1)
        .join('/');
      const manifest = path.join(root, 'node_modules', name, 'package.json');
      if (!existsSync(manifest) || JSON.parse(readFileSync(manifest, 'utf8')).exports) return undefined;
      const file = require.resolve(args.path);
      const within = path.relative(path.dirname(manifest), file).split(path.sep).join('/');
      return { path: `${name}/${within}`, external: true };
    });
  },
};

const common = {
  absWorkingDir: root,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  tsconfig: path.join(root, 'tsconfig.json'),
  sourcemap: 'linked',
  logLevel: 'warning',
};

/**
 * The web process's REST transport (server/rest/rest-transport-entry.ts) in `outdir`, sharing no
 * chunk with the launcher: in the launcher's process it must not share the launcher's module
 * instances (its configuration is read before the web app's is set). The entry is small; the
 * serving code is a chunk of its own, loaded at the first REST request (install-rest-transport.ts).
 */
export async function bundleRestTransport(outdir = path.join(bundleDir, 'rest')) {
  try {
    await esbuild.build({
      ...common,
      entryPoints: { 'rest-transport': 'server/rest/rest-transport-entry.ts' },
      outdir,
      splitting: true,
      // Stable names: a rebuild replaces the files instead of adding hashed ones beside them.
      chunkNames: '[name]',
      plugins: [sourceUrls(outdir), deepImports],
    });
  } finally {
    await esbuild.stop();
  }
  return path.join(outdir, 'rest-transport.mjs');
}

/** Writes dist/start.mjs, dist/worker.mjs and dist/rest/rest-transport.mjs; returns their paths. */
export async function bundle() {
  try {
    await esbuild.build({
      ...common,
      entryPoints: { start: 'scripts/start.ts', worker: 'worker/main.ts' },
      outdir: bundleDir,
      splitting: true, // the code both share is one chunk, not two copies
      plugins: [sourceUrls(bundleDir), deepImports],
    });
  } finally {
    await esbuild.stop(); // esbuild's service process must not outlive the build
  }
  return {
    start: path.join(bundleDir, 'start.mjs'),
    worker: path.join(bundleDir, 'worker.mjs'),
    restTransport: await bundleRestTransport(),
  };
}
