// `npm start` (package.json: `exec node scripts/start.mjs`, so no shell stays behind): compiles the
// launcher and the worker to JavaScript, then runs the launcher in this very process and has it
// start compiled workers. `--worker` runs one worker instead (`npm run worker`). Development
// (`npm run dev`) keeps running the TypeScript sources through tsx.
import { pathToFileURL } from 'node:url';
import { bundle } from './bundle.mjs';

const entries = await bundle();
process.env.VSS_WORKER_ENTRY = entries.worker;
await import(pathToFileURL(process.argv.includes('--worker') ? entries.worker : entries.start).href);
