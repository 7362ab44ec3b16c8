import pino, { type Logger } from 'pino';
import path from 'node:path';
import { RotatingFile } from './rotating-file';

/**
 * Structured JSON logs to stdout and, when LOG_FILE is set, to that file too (the original service
 * wrote logs/script-orchestration.log; `npm start` sets that by default), rotated past
 * LOG_FILE_MAX_MB with LOG_FILE_KEEP old files. Reads process.env directly because the logger must
 * work before (and while reporting) a configuration error; server/env.ts validates the same names.
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
  const maxMb = Number(process.env.LOG_FILE_MAX_MB || 10);
  const keep = Number(process.env.LOG_FILE_KEEP || 5);
  const rotating = new RotatingFile(
    path.resolve(file),
    (Number.isFinite(maxMb) && maxMb > 0 ? maxMb : 10) * 1024 * 1024,
    Number.isInteger(keep) && keep >= 0 ? keep : 5,
  );
  return pino(
    base,
    pino.multistream([
      { stream: process.stdout, level },
      { stream: rotating, level },
    ]),
  );
}

let instance: Logger | undefined;

export function logger(): Logger {
  instance ??= build();
  return instance;
}
