/**
 * `npm run build`: the production build `npm start` would make, stamped so start does not redo it,
 * and the compiled launcher and worker (dist/), for installations that cannot write at start.
 */
import { bundle } from './bundle.mjs';
import { ensureBuild } from './launcher';

Promise.all([
  ensureBuild({ ...process.env, NEXT_TELEMETRY_DISABLED: '1' }, process.env.NEXT_DIST_DIR ?? '.next'),
  bundle(),
]).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
