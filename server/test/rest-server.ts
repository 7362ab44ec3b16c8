/**
 * Entry point of startRestProcess (rest-process.ts): a plain Node HTTP server with the production
 * REST transport installed (server/rest/install-rest-transport.ts, as the web process preloads it). What
 * the transport does not take gets a 404 naming the path, standing in for the web app's pages.
 * Prints its port on the first line.
 */
import http from 'node:http';
import { installRestTransport } from '@/server/rest/install-rest-transport';

installRestTransport(process.env.BASE_PATH ?? '');
const server = http.createServer((req, res) => {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end(`not REST: ${req.url}`);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.once('SIGTERM', () => process.exit(0));
