import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/router';

type Outputs = inferRouterOutputs<AppRouter>;
export type Overview = Outputs['stats']['overview'];
export type Series = Outputs['stats']['series'];
export type LiveSnapshot = Outputs['stats']['live'];
export type RecentRun = LiveSnapshot['recent'][number];
export type WorkerInfo = Outputs['executions']['workers'][number];
export type SeriesRange = Series['range'];
export const seriesRanges: SeriesRange[] = ['24h', '7d', '30d'];

/** Final statuses in chart order, with one colour each (readable on light and dark backgrounds). */
export const finalStatusColors = {
  succeeded: '#16a34a',
  failed: '#dc2626',
  timed_out: '#ea580c',
  cancelled: '#64748b',
} as const;

/** The browser's IANA time zone, so "today" and day buckets follow the viewer's calendar. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
