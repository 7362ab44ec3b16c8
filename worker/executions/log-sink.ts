import { setTimeout as sleep } from 'node:timers/promises';
import { db } from '@/db/client';
import { isDbUnavailable } from '@/db/availability';
import { executionLogs } from '@/db/schema';
import { storableText } from '@/db/storable';
import { env } from '@/server/env';
import { logger } from '@/server/log/logger';
import { isAway, publisher } from '@/server/queue/connection';
import { CHANNEL } from '@/server/queue/channels';
import type { SecretMasker } from '@/server/secrets/secret-masker';
import type { OutputTailDto } from '@/server/executions/executions.schema';
import { lastBytes, OUTPUT_TAIL_BYTES } from '@/server/executions/get-output-tail';

type Stream = 'stdout' | 'stderr' | 'system';
export interface Line {
  seq: number;
  attempt: number;
  stream: Stream;
  at: Date;
  text: string;
}

const FLUSH_BYTES = 64 * 1024;
/** Output held in memory per run while the database is unreachable; beyond it lines are counted and dropped. */
export const LOG_BUFFER_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Batches a run's output into execution_logs rows (ordered by seq) and publishes each batch for
 * live viewers. Secret values are masked before anything is stored or published; per stream the
 * last few characters are held back so a secret split across two reads is still masked whole.
 * Writing never fails the run: while the database is away (a restart) the lines wait in memory, up
 * to LOG_BUFFER_MAX_BYTES, and are stored when it is back; a batch PostgreSQL refuses for its
 * content is replaced by one line saying why.
 */
export class LogSink {
  private pending: Line[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly tails: Record<Stream, { text: string; at: Date }> = {
    stdout: { text: '', at: new Date() },
    stderr: { text: '', at: new Date() },
    system: { text: '', at: new Date() },
  };
  private readonly holdBack: number;
  /** Bytes handed to flush() and not yet stored. */
  private unstored = 0;
  private dropped = { lines: 0, bytes: 0 };
  bytes = 0;
  /** The end of what is stored of each output stream, and its whole size (outputTail); kept only when asked for. */
  private readonly stored = { stdout: { text: '', bytes: 0 }, stderr: { text: '', bytes: 0 } };
  /** False once a line was dropped or replaced: the stored rows then no longer end with `stored`. */
  private storedExactly = true;
  private readonly flushMs: number;
  private readonly keepTail: boolean;

  constructor(
    private readonly executionId: string,
    private readonly attempt: number,
    private seq: number,
    private readonly masker: SecretMasker,
    /** keepTail: a caller waits for the output (outputTail). */
    opts: { keepTail?: boolean } = {},
  ) {
    this.keepTail = opts.keepTail ?? false;
    this.flushMs = env().LOG_FLUSH_MS;
    // Every masked form (the value, its base64, hex, URL and JSON forms) split across two reads is
    // still masked whole: the last `longest - 1` characters wait for the next read.
    this.holdBack = Math.max(0, masker.longest - 1);
  }

  write(stream: Stream, text: string, at = new Date()): void {
    if (!text) return;
    text = storableText(text); // NUL and lone surrogates: PostgreSQL refuses them
    if (this.holdBack === 0) return this.enqueue(stream, text, at);
    const tail = this.tails[stream];
    const masked = this.masker.mask(tail.text + text);
    const cut = Math.max(0, masked.length - this.holdBack);
    this.tails[stream] = { text: masked.slice(cut), at };
    if (cut > 0) this.enqueue(stream, masked.slice(0, cut), tail.text ? tail.at : at);
  }

  private enqueue(stream: Stream, text: string, at: Date): void {
    if (this.unstored + this.pendingBytes > LOG_BUFFER_MAX_BYTES) {
      this.storedExactly = false;
      this.dropped.lines++;
      this.dropped.bytes += Buffer.byteLength(text);
      return;
    }
    if (this.dropped.lines > 0) {
      const { lines, bytes } = this.dropped;
      this.dropped = { lines: 0, bytes: 0 };
      this.enqueue(
        'system',
        `[${bytes} bytes of output (${lines} pieces) dropped: the database was unreachable and the buffer was full]\n`,
        at,
      );
    }
    const last = this.pending.at(-1);
    // Consecutive pieces of one stream become one row: fewer rows, same order.
    if (last && last.stream === stream && last.text.length < 16_384) last.text += text;
    else this.pending.push({ seq: ++this.seq, attempt: this.attempt, stream, at, text });
    this.pendingBytes += text.length;
    const bytes = Buffer.byteLength(text);
    this.bytes += bytes;
    if (this.keepTail && stream !== 'system') {
      const kept = this.stored[stream];
      kept.text += text;
      kept.bytes += bytes;
      // Enough code units for OUTPUT_TAIL_BYTES bytes (each is at least one), and a few for a pair cut in two.
      if (kept.text.length > 2 * OUTPUT_TAIL_BYTES) kept.text = kept.text.slice(-(OUTPUT_TAIL_BYTES + 8));
    }
    if (this.pendingBytes >= FLUSH_BYTES) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    this.unstored += this.pendingBytes;
    const size = this.pendingBytes;
    this.pendingBytes = 0;
    if (batch.length === 0) return this.writing;
    // Never rejects: a later flush chains on it.
    this.writing = this.writing.then(async () => {
      await this.store(batch);
      this.unstored -= size;
      this.publish(batch);
    });
    return this.writing;
  }

  /** Sends stored lines to live viewers (they re-read the stored lines when Redis was away). */
  publish(batch: Line[]): void {
    if (batch.length === 0 || isAway(publisher())) return;
    const payload = JSON.stringify(
      batch.map((l) => ({ seq: l.seq, attempt: l.attempt, stream: l.stream, at: l.at.toISOString(), text: l.text })),
    );
    void publisher()
      .publish(CHANNEL.logs(this.executionId), payload)
      .catch(() => undefined);
  }

  /** Stores a batch, waiting out an unreachable database; never throws. */
  async store(batch: Line[]): Promise<void> {
    if (batch.length === 0) return;
    const rows = () => batch.map((l) => ({ executionId: this.executionId, ...l }));
    let waitedSince = 0;
    for (let attempt = 0; ; attempt++) {
      try {
        // A batch whose commit was lost with the connection may be sent again: seq makes it idempotent.
        await db().insert(executionLogs).values(rows()).onConflictDoNothing();
        if (waitedSince)
          logger().info(
            { executionId: this.executionId, waitedMs: Date.now() - waitedSince },
            'log lines stored after the database came back',
          );
        return;
      } catch (err) {
        if (isDbUnavailable(err)) {
          if (!waitedSince) {
            waitedSince = Date.now();
            logger().warn(
              { executionId: this.executionId, err: (err as Error).message },
              'database unreachable: log lines kept in memory until it is back',
            );
          }
          await sleep(Math.min(2000, 100 * 2 ** Math.min(attempt, 5)));
          continue;
        }
        const first = batch[0]!;
        if (batch.length === 1 && first.stream === 'system' && first.text.startsWith('[log lines not stored')) {
          logger().error({ err, executionId: this.executionId }, 'log lines could not be stored');
          return;
        }
        // PostgreSQL refused the content: one line with the reason keeps the seq order and the run going.
        this.storedExactly = false;
        const reason = storableText((err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message);
        batch = [
          {
            ...first,
            stream: 'system',
            text: `[log lines not stored (${batch.length} rows, seq ${first.seq}-${batch.at(-1)!.seq}): ${reason}]\n`,
          },
        ];
      }
    }
  }

  /**
   * What getOutputTail would read back for this attempt once its lines are stored: the last
   * OUTPUT_TAIL_BYTES of each stream, masked. Null when some output was dropped or replaced, and
   * the stored rows are then the only account of it, or when the sink was not asked to keep it.
   */
  outputTail(): OutputTailDto | null {
    if (!this.keepTail || !this.storedExactly) return null;
    const { stdout, stderr } = this.stored;
    return {
      stdout: lastBytes(stdout.text, OUTPUT_TAIL_BYTES),
      stderr: lastBytes(stderr.text, OUTPUT_TAIL_BYTES),
      stdout_truncated: stdout.bytes > OUTPUT_TAIL_BYTES,
      stderr_truncated: stderr.bytes > OUTPUT_TAIL_BYTES,
      max_bytes: OUTPUT_TAIL_BYTES,
    };
  }

  /** Masks secret values in any other text the run produced (its error message). */
  mask(text: string): string {
    return this.masker.mask(text);
  }

  /** Masks secret values inside a parsed JSON value (the run's result), keeping its structure. */
  maskValue(value: unknown): unknown {
    return this.masker.maskValue(value);
  }

  private releaseTails(): void {
    for (const stream of ['stdout', 'stderr', 'system'] as const) {
      const tail = this.tails[stream];
      if (tail.text) this.enqueue(stream, this.masker.mask(tail.text), tail.at);
      this.tails[stream] = { text: '', at: new Date() };
    }
  }

  /** Releases held-back tails and waits until every line is stored. */
  async close(): Promise<void> {
    this.releaseTails();
    await this.flush();
  }

  /**
   * Like close(), but the last batch is handed back instead of stored: the run's final statement
   * stores it in its own commit, one disk flush less per run (most runs have only this batch).
   * Earlier batches are stored before this returns. The caller stores the lines (store + publish)
   * if that statement cannot take them.
   */
  async closeForFinal(): Promise<Line[]> {
    this.releaseTails();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    await this.writing;
    return batch;
  }
}
