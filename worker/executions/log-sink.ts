import { db } from '@/db/client';
import { executionLogs } from '@/db/schema';
import { publisher } from '@/server/queue/connection';
import { CHANNEL } from '@/server/queue/channels';
import type { SecretMasker } from '@/server/secrets/secret-masker';

type Stream = 'stdout' | 'stderr' | 'system';
interface Line { seq: number; attempt: number; stream: Stream; at: Date; text: string }

const FLUSH_MS = 100;
const FLUSH_BYTES = 64 * 1024;

/**
 * Batches a run's output into execution_logs rows (ordered by seq) and publishes each batch for
 * live viewers. Secret values are masked before anything is stored or published; per stream the
 * last few characters are held back so a secret split across two reads is still masked whole.
 */
export class LogSink {
  private pending: Line[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly tails: Record<Stream, { text: string; at: Date }> = {
    stdout: { text: '', at: new Date() }, stderr: { text: '', at: new Date() }, system: { text: '', at: new Date() },
  };
  private readonly holdBack: number;
  bytes = 0;

  constructor(
    private readonly executionId: string,
    private readonly attempt: number,
    private seq: number,
    private readonly masker: SecretMasker,
  ) {
    // Every masked form (the value, its base64, hex, URL and JSON forms) split across two reads is
    // still masked whole: the last `longest - 1` characters wait for the next read.
    this.holdBack = Math.max(0, masker.longest - 1);
  }

  write(stream: Stream, text: string, at = new Date()): void {
    if (!text) return;
    if (this.holdBack === 0) return this.enqueue(stream, text, at);
    const tail = this.tails[stream];
    const masked = this.masker.mask(tail.text + text);
    const cut = Math.max(0, masked.length - this.holdBack);
    this.tails[stream] = { text: masked.slice(cut), at };
    if (cut > 0) this.enqueue(stream, masked.slice(0, cut), tail.text ? tail.at : at);
  }

  private enqueue(stream: Stream, text: string, at: Date): void {
    const last = this.pending.at(-1);
    // Consecutive pieces of one stream become one row: fewer rows, same order.
    if (last && last.stream === stream && last.text.length < 16_384) last.text += text;
    else this.pending.push({ seq: ++this.seq, attempt: this.attempt, stream, at, text });
    this.pendingBytes += text.length;
    this.bytes += Buffer.byteLength(text);
    if (this.pendingBytes >= FLUSH_BYTES) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    if (batch.length === 0) return this.writing;
    this.writing = this.writing.then(async () => {
      await db().insert(executionLogs).values(batch.map((l) => ({ executionId: this.executionId, ...l })));
      const payload = JSON.stringify(batch.map((l) => ({ seq: l.seq, attempt: l.attempt, stream: l.stream, at: l.at.toISOString(), text: l.text })));
      await publisher().publish(CHANNEL.logs(this.executionId), payload).catch(() => undefined);
    });
    return this.writing;
  }

  /** Masks secret values in any other text the run produced (its error message). */
  mask(text: string): string {
    return this.masker.mask(text);
  }

  /** Masks secret values inside a parsed JSON value (the run's result), keeping its structure. */
  maskValue(value: unknown): unknown {
    return this.masker.maskValue(value);
  }

  /** Releases held-back tails and waits until every line is stored. */
  async close(): Promise<void> {
    for (const stream of ['stdout', 'stderr', 'system'] as const) {
      const tail = this.tails[stream];
      if (tail.text) this.enqueue(stream, this.masker.mask(tail.text), tail.at);
      this.tails[stream] = { text: '', at: new Date() };
    }
    await this.flush();
  }
}
