// `npm start` (package.json: `exec node scripts/start.mjs`, so no shell stays behind): compiles the
// launcher and the worker to JavaScript, then runs the launcher in this very process and has it
// start compiled workers. `--worker` runs one worker instead (`npm run worker`). Development
// (`npm run dev`) keeps running the TypeScript sources through tsx.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle, bundleDir } from './bundle.mjs';

let entries;
try {
  entries = await bundle();
} catch (err) {
  // A read-only installation (the container image runs as a user that cannot write /app) uses the
  // bundle `npm run build` made.
  entries = {
    start: path.join(bundleDir, 'start.mjs'),
    worker: path.join(bundleDir, 'worker.mjs'),
    restTransport: path.join(bundleDir, 'rest', 'rest-transport.mjs'),
  };
  if (!Object.values(entries).every((file) => existsSync(file))) throw err;
  console.error(
    `could not compile the launcher (${err instanceof Error ? err.message : err}); using the one in ${bundleDir}`,
  );
}
process.env.VSS_WORKER_ENTRY = entries.worker;
process.env.VSS_REST_TRANSPORT_ENTRY = entries.restTransport;
await import(pathToFileURL(process.argv.includes('--worker') ? entries.worker : entries.start).href);
