// Preloaded by bench:http with BENCH_PROFILE_DIR (node --import): a V8 CPU profile of this process,
// written when it exits. NODE_OPTIONS refuses --cpu-prof, so the inspector does it.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.start');
  process.on('exit', () => {
    // The inspector answers on this thread, synchronously.
    session.post('Profiler.stop', (err, res) => {
      if (!err)
        writeFileSync(
          path.join(dir, `${process.env.VSS_PROCESS ?? 'node'}-${process.pid}.cpuprofile`),
          JSON.stringify(res.profile),
        );
    });
  });
}
