/**
 * Streams stdout/stderr to onOutput as it arrives, decoding UTF-8 per stream across chunk boundaries,
 * with a shared byte cap. After the cap, exactly one marker chunk is delivered (on stderr) and the
 * rest is counted and discarded, so memory stays bounded whatever the script prints.
 */
import { StringDecoder } from 'node:string_decoder';
import type { SandboxOutputChunk } from './types';

type Stream = SandboxOutputChunk['stream'];

export function truncationMarker(maxBytes: number): string {
  return `\n[output truncated after ${maxBytes} bytes]\n`;
}

export class OutputLimiter {
  private readonly decoders: Record<Stream, StringDecoder> = {
    stdout: new StringDecoder('utf8'),
    stderr: new StringDecoder('utf8'),
  };
  private delivered = 0;
  /** All bytes seen, including discarded ones. */
  totalBytes = 0;
  truncated = false;

  constructor(
    private readonly maxBytes: number,
    private readonly sink: (chunk: SandboxOutputChunk) => void,
  ) {}

  push(stream: Stream, data: Buffer): void {
    this.totalBytes += data.length;
    if (this.truncated) return;
    const room = Math.max(0, this.maxBytes - this.delivered);
    if (data.length <= room) {
      this.delivered += data.length;
      this.emit(stream, this.decoders[stream].write(data));
      return;
    }
    this.delivered += room;
    // A multi-byte character cut by the cap stays in the decoder and is dropped with the rest.
    if (room > 0) this.emit(stream, this.decoders[stream].write(data.subarray(0, room)));
    this.truncated = true;
    this.emit('stderr', truncationMarker(this.maxBytes));
  }

  /** Flush decoders at end of output (an incomplete trailing sequence becomes U+FFFD). */
  end(): void {
    if (this.truncated) return;
    for (const stream of ['stdout', 'stderr'] as const) this.emit(stream, this.decoders[stream].end());
  }

  private emit(stream: Stream, text: string): void {
    if (text.length === 0) return;
    try {
      this.sink({ stream, text, at: new Date() });
    } catch {
      // A throwing consumer must not break draining of the child's pipes.
    }
  }
}
