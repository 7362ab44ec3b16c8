import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@/server/infra/free-port';

export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p)) ?? null;

/**
 * The two nginx blocks operators use, each verbatim on its own (non-80) port:
 * - `kept`: the README's, `proxy_pass` without a URI keeps `/scripts` in the path;
 * - `stripped`: the seed's, `proxy_pass .../` with a trailing slash strips it.
 */
const blocks = (upstream: string) => ({
  kept: `
    location /scripts/ {
        proxy_pass http://${upstream};        # no trailing slash: keep /scripts in the path
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_buffering off;                      # live logs are server-sent events
        proxy_read_timeout 1h;
    }`,
  stripped: `
    location /scripts/ {
        proxy_pass http://${upstream}/;
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
    }`,
});

export interface RunningNginx {
  ports: { kept: number; stripped: number };
  stop(): Promise<void>;
}

/** A real nginx in the foreground (no service, no daemon), its config and temp files in a temp dir. */
export async function startNginx(upstream: string): Promise<RunningNginx> {
  if (!NGINX) throw new Error('nginx not found: apt-get install -y nginx');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vss-nginx-'));
  for (const d of ['client', 'proxy', 'logs']) mkdirSync(path.join(dir, d));
  const ports = { kept: await freePort(), stripped: await freePort() };
  const b = blocks(upstream);
  const server = (port: number, block: string) => `
  server {
    listen 127.0.0.1:${port};
    server_name localhost;
    ${block}
  }`;
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/client;
  proxy_temp_path ${dir}/proxy;
  client_max_body_size 8m;
  ${server(ports.kept, b.kept)}
  ${server(ports.stripped, b.stripped)}
}
`,
  );
  const child: ChildProcess = spawn(
    NGINX,
    ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'logs', 'error.log')],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = existsSync(path.join(dir, 'logs', 'error.log'))
        ? readFileSync(path.join(dir, 'logs', 'error.log'), 'utf8')
        : '';
      throw new Error(`nginx exited (${child.exitCode}): ${log.slice(-1000)}`);
    }
    const up = await fetch(`http://127.0.0.1:${ports.kept}/`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error('nginx did not start listening in 10 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    ports,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGQUIT');
      }),
  };
}
