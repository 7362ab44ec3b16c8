/** `npm run build`: the production build `npm start` would make, stamped so start does not redo it. */
import { ensureBuild } from './launcher';

ensureBuild({ ...process.env, NEXT_TELEMETRY_DISABLED: '1' }, process.env.NEXT_DIST_DIR ?? '.next').catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
