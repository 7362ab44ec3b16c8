/**
 * The API stand-in of bench/spinners.ts: a separate Node process (like the web app) answering
 * GET / with the first page of the executions list from the real service (PostgreSQL query, DTOs,
 * JSON). Configuration comes from the environment the bench gives it.
 */
import http from 'node:http';
import { createTestActor } from '@/server/test/fixtures';
import { listExecutions } from '@/server/executions/list-executions';

async function main() {
  const actor = await createTestActor('admin');
  const server = http.createServer((_req, res) => {
    listExecutions({ actor, input: { page: 1, page_size: 50 } }).then(
      (page) => res.end(JSON.stringify(page)),
      (err: Error) => {
        res.statusCode = 500;
        res.end(err.message);
      },
    );
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
  });
}

void main();
