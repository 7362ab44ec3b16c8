/**
 * Reads the script's JSON result safely. The workDir is writable by the script, so result.json may be
 * a symlink (to a host file the worker can read), a FIFO, a directory or huge: open with O_NOFOLLOW |
 * O_NONBLOCK, require a regular file and cap the size.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { storableJson, storableText } from '@/db/storable';

export interface ResultRead {
  result: unknown | undefined;
  error?: string;
}

export function readResultFile(file: string, maxBytes: number): ResultRead {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { result: undefined };
    if (code === 'ELOOP') return { result: undefined, error: 'result file is a symbolic link' };
    return { result: undefined, error: `cannot open result file: ${code ?? String(err)}` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { result: undefined, error: 'result file is not a regular file' };
    if (stat.size > maxBytes) {
      return { result: undefined, error: `result file too large (${stat.size} bytes > ${maxBytes})` };
    }
    const buf = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    while (length < buf.length) {
      const n = readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > stat.size) return { result: undefined, error: 'result file changed while being read' };
    const text = buf.subarray(0, length).toString('utf8');
    try {
      // NUL (\u0000) and lone surrogates are valid JSON that jsonb refuses: shown as U+FFFD.
      return { result: storableJson(JSON.parse(text)) };
    } catch (err) {
      return { result: undefined, error: storableText(`result file is not valid JSON: ${(err as Error).message}`) };
    }
  } finally {
    closeSync(fd);
  }
}
