import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { nextFireTimes } from './cron';
import { previewScheduleInput, type PreviewScheduleInput } from './schedules.schema';

/** The next fire times of an expression in a time zone, as the editor shows them before saving. */
export function previewSchedule(opts: { actor: Actor; input: PreviewScheduleInput; now?: Date }): {
  cron_expression: string;
  timezone: string;
  next: string[];
} {
  assertCan(opts.actor, 'schedule.read');
  const parsed = previewScheduleInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const q = parsed.data;
  const next = nextFireTimes(q.cron_expression, q.timezone, {
    from: opts.now,
    count: q.count,
    startAt: q.start_at ? new Date(q.start_at) : null,
    endAt: q.end_at ? new Date(q.end_at) : null,
  });
  return { cron_expression: q.cron_expression, timezone: q.timezone, next: next.map((d) => d.toISOString()) };
}
