import type { Readable } from 'node:stream';

export type Stream = 'stdout' | 'stderr';

/**
 * A sandbox's stdout and stderr, read from the moment they are opened. What arrives before the run
 * attaches (a prepared interpreter's warning; all of a short forked script's output, which can be at
 * end of file before the zygote's report that it started) is kept and handed over with the attach.
 */
export class OutputPipes {
  readonly closed: Promise<void>;
  private pending: Array<[Stream, Buffer]> = [];
  private sink: ((stream: Stream, buf: Buffer) => void) | null = null;
  private readonly streams: Readable[];

  constructor(stdout: Readable, stderr: Readable) {
    this.streams = [stdout, stderr];
    const closes = this.streams.map((s, i) => {
      const stream: Stream = i === 0 ? 'stdout' : 'stderr';
      s.on('data', (buf: Buffer) => (this.sink ? this.sink(stream, buf) : this.pending.push([stream, buf])));
      return new Promise<void>((resolve) => s.once('close', () => resolve()));
    });
    this.closed = Promise.all(closes).then(() => undefined);
  }

  /** Routes output to the run, starting with what arrived before. */
  attach(sink: (stream: Stream, buf: Buffer) => void): void {
    this.sink = sink;
    for (const [stream, buf] of this.pending) sink(stream, buf);
    this.pending = [];
  }

  destroy(): void {
    for (const s of this.streams) s.destroy();
  }
}
