/**
 * A log file that several processes append to (web, workers, the launcher) and that stays within a
 * size: past `maxBytes` the process that notices renames it to `<file>.1` (older ones shift up to
 * `<file>.<keep>`, the oldest is dropped); every process reopens the path when it finds it is no
 * longer the file it writes to. Appends are O_APPEND writes of whole lines, so lines of different
 * processes never interleave. Two processes noticing the same full file at once can rotate twice
 * (one short file among the old ones); no line is lost either way.
 */
import { closeSync, fstatSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Written by this process between two size checks; a timer checks too, for quiet processes. */
const CHECK_EVERY_BYTES = 64 * 1024;
const CHECK_EVERY_MS = 5_000;

export class RotatingFile {
  private fd: number;
  private sinceCheck = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
    private readonly keep: number,
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.fd = this.open();
    this.check();
    this.timer = setInterval(() => this.check(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  /** pino's stream interface: one serialized line per call. */
  write(line: string): boolean {
    try {
      writeSync(this.fd, line);
    } catch {
      // A log line is never worth failing the caller; the next check reopens the path.
    }
    this.sinceCheck += line.length;
    if (this.sinceCheck >= CHECK_EVERY_BYTES) this.check();
    return true;
  }

  close(): void {
    clearInterval(this.timer);
    closeSync(this.fd);
  }

  private open(): number {
    return openSync(this.file, 'a', 0o640);
  }

  private reopen(): void {
    const old = this.fd;
    this.fd = this.open();
    closeSync(old);
  }

  /** Follows another process's rotation, or rotates when the file is full. */
  check(): void {
    this.sinceCheck = 0;
    try {
      const onDisk = statSync(this.file, { throwIfNoEntry: false });
      if (!onDisk || onDisk.ino !== fstatSync(this.fd).ino) return this.reopen();
      if (onDisk.size >= this.maxBytes) this.rotate();
    } catch {
      // a full or read-only disk: keep the descriptor we have
    }
  }

  private rotate(): void {
    for (let i = this.keep - 1; i >= 1; i--) renameQuietly(`${this.file}.${i}`, `${this.file}.${i + 1}`);
    if (this.keep > 0) renameQuietly(this.file, `${this.file}.1`);
    else renameQuietly(this.file, `${this.file}.old`); // keep=0: dropped at the next rotation
    this.reopen();
  }
}

function renameQuietly(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch {
    // not there (yet): nothing to shift
  }
}
