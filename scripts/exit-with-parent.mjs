// Preloaded into web and worker children (node --import): if the launcher dies without a chance
// to stop them (SIGKILL), they notice the new parent and shut down instead of running orphaned.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, 1000).unref();
