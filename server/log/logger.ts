import pino, { type Logger } from 'pino';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Structured JSON logs to stdout and, when LOG_FILE is set, to that file too (the original service
 * wrote logs/script-orchestration.log). Reads process.env directly because the logger must work
 * before (and while reporting) a configuration error.
 */
function build(): Logger {
  const level = process.env.DEBUG && !['0', 'false', 'no', 'off'].includes(process.env.DEBUG) ? 'debug' : 'info';
  const file = process.env.LOG_FILE;
  const base = { level, base: { service: process.env.VSS_PROCESS ?? 'vss', pid: process.pid } };
  if (!file) return pino(base);
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return pino(
    base,
    pino.multistream([
      { stream: process.stdout, level },
      { stream: pino.destination({ dest: file, sync: false, mkdir: true }), level },
    ]),
  );
}

let instance: Logger | undefined;

export function logger(): Logger {
  instance ??= build();
  return instance;
}
