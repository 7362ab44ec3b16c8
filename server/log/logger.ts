import pino, { type Logger } from 'pino';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Structured JSON logs to stdout and, when LOG_FILE is set, to that file too (the original service
 * wrote logs/script-orchestration.log). Reads process.env directly because the logger must work
 * before (and while reporting) a configuration error.
 */
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

function build(): Logger {
  // Same words as server/env.ts's booleans, in any case (`DEBUG=True` from a Python-era config).
  const debug = ['1', 'true', 'yes', 'on'].includes((process.env.DEBUG ?? '').trim().toLowerCase());
  const requested = process.env.LOG_LEVEL ?? '';
  const level = debug ? 'debug' : LEVELS.includes(requested) ? requested : 'info';
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
