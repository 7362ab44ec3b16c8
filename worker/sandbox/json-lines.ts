import type { Readable } from 'node:stream';

/**
 * Reads a helper process's reports: one JSON object per line, handed to onMessage in order;
 * afterChunk runs once the lines of a chunk are handled.
 */
export function readJsonLines<T>(stream: Readable, onMessage: (m: T) => void, afterChunk: () => void): void {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      onMessage(JSON.parse(line) as T);
    }
    afterChunk();
  });
}
