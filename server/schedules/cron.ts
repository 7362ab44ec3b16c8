import { CronExpressionParser } from 'cron-parser';

/**
 * Cron expressions: 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first.
 * Each field is checked on its own so an error names the field that is wrong, then the whole
 * expression is checked for at least one future fire time (e.g. "0 0 30 2 *" never fires).
 */
const FIELDS_6 = ['second', 'minute', 'hour', 'day-of-month', 'month', 'day-of-week'] as const;

export type CronCheck = { ok: true; expression: string } | { ok: false; message: string };

export function checkCronExpression(raw: string): CronCheck {
  const expression = raw.trim().replace(/\s+/g, ' ');
  if (expression === '') return { ok: false, message: 'must not be empty' };
  const parts = expression.split(' ');
  if (parts.length !== 5 && parts.length !== 6) {
    return {
      ok: false,
      message: `must have 5 fields (minute hour day-of-month month day-of-week) or 6 (second first), got ${parts.length}`,
    };
  }
  const six = parts.length === 6 ? parts : ['0', ...parts];
  const names = parts.length === 6 ? FIELDS_6 : FIELDS_6.slice(1);
  for (let i = 0; i < six.length; i++) {
    if (parts.length === 5 && i === 0) continue;
    const probe = six.map((p, j) => (j === i ? p : '*'));
    try {
      CronExpressionParser.parse(probe.join(' '), { strict: false });
    } catch (err) {
      const name = names[parts.length === 6 ? i : i - 1];
      return { ok: false, message: `${name} field "${six[i]}" is invalid: ${(err as Error).message}` };
    }
  }
  try {
    CronExpressionParser.parse(expression, { tz: 'UTC' }).next();
  } catch (err) {
    return { ok: false, message: `never fires: ${(err as Error).message}` };
  }
  return { ok: true, expression };
}

export function isValidTimeZone(tz: string): boolean {
  if (!tz || tz.length > 100) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * The next `count` fire times after `from` in time zone `tz`, honouring an optional window.
 * Returns fewer (or none) when the window closes first.
 */
export function nextFireTimes(
  expression: string,
  tz: string,
  opts: { from?: Date; count?: number; startAt?: Date | null; endAt?: Date | null } = {},
): Date[] {
  const from = opts.from ?? new Date();
  const count = opts.count ?? 5;
  // cron-parser's next() is strictly after currentDate; step back 1 ms so a tick at startAt counts.
  const start = opts.startAt && opts.startAt > from ? new Date(opts.startAt.getTime() - 1) : from;
  const interval = CronExpressionParser.parse(expression, { tz, currentDate: start, endDate: opts.endAt ?? undefined });
  const out: Date[] = [];
  while (out.length < count && interval.hasNext()) {
    out.push(interval.next().toDate());
  }
  return out;
}
