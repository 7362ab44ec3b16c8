export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { env } = await import('./server/env');
  env(); // a bad configuration stops the web process here with one clear line
  const { installProcessGuards } = await import('./server/infra/process-guards');
  // A signal, not process.exit: when `npm start` serves the web app from the launcher's process,
  // the launcher's SIGTERM handler stops the workers, Redis and PostgreSQL first.
  installProcessGuards(() => process.kill(process.pid, 'SIGTERM'));
  const { bootstrap } = await import('./server/bootstrap');
  await bootstrap('web');
}
