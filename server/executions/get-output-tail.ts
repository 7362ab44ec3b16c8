import { sql } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { executePrepared } from '@/db/prepared';
import type { OutputTailDto } from './executions.schema';

/** How much of each stream a `wait: true` answer carries: enough for a result, never a whole log. */
export const OUTPUT_TAIL_BYTES = 64 * 1024;

/** The last `maxBytes` bytes of a UTF-8 string, cut at a character boundary. */
export function lastBytes(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let start = bytes.length - maxBytes;
  while (start < bytes.length && (bytes[start]! & 0xc0) === 0x80) start++; // a continuation byte
  return bytes.subarray(start).toString('utf8');
}

/**
 * What an attempt printed, the end of each stream, as stored: masked when it was written (secret
 * values in every form), NUL and invalid UTF-8 already replaced. Only the rows that reach into the
 * last `maxBytes` of a stream are read.
 */
export async function getOutputTail(opts: {
  executionId: string;
  /** 'current': the attempt the execution row names when this reads (no read of the row first). */
  attempt: number | 'current';
  maxBytes?: number;
  q?: DbOrTx;
}): Promise<OutputTailDto> {
  const maxBytes = opts.maxBytes ?? OUTPUT_TAIL_BYTES;
  const { rows } = await executePrepared(
    opts.q ?? db(),
    sql`
    select stream, text, from_end > ${maxBytes} as cut, earlier
    from (
      select stream, seq, text,
             sum(octet_length(text)) over (partition by stream order by seq desc) as from_end,
             count(*) over (partition by stream order by seq desc) < count(*) over (partition by stream) as earlier
      from execution_logs
      where execution_id = ${opts.executionId} and stream in ('stdout', 'stderr') and attempt = ${
        opts.attempt === 'current'
          ? sql`(select attempt from executions where id = ${opts.executionId})`
          : sql`${opts.attempt}`
      }
    ) t
    where from_end - octet_length(text) < ${maxBytes}
    order by seq`,
  );
  const out: OutputTailDto = {
    stdout: '',
    stderr: '',
    stdout_truncated: false,
    stderr_truncated: false,
    max_bytes: maxBytes,
  };
  for (const row of rows as Array<{ stream: 'stdout' | 'stderr'; text: string; cut: boolean; earlier: boolean }>) {
    // Only a stream's oldest row read says whether anything of it was left out (before it, or cut off).
    if (out[row.stream] === '' && (row.cut || row.earlier)) out[`${row.stream}_truncated`] = true;
    out[row.stream] += row.text;
  }
  out.stdout = lastBytes(out.stdout, maxBytes);
  out.stderr = lastBytes(out.stderr, maxBytes);
  return out;
}
