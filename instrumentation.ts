export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { env } = await import('./server/env');
  env(); // a bad configuration stops the web process here with one clear line
  const { installProcessGuards } = await import('./server/infra/process-guards');
  installProcessGuards(() => process.exit(1));
  const { bootstrap } = await import('./server/bootstrap');
  await bootstrap('web');
}
