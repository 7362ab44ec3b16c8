'use client';
import { useT } from '@/components/i18n/i18n-provider';
import { statusLabelKey } from './execution-labels';
import type { ExecutionStatus } from './execution-types';

const tone: Record<ExecutionStatus, { badge: string; dot: string }> = {
  queued: {
    badge: 'bg-gray-100 text-gray-700 ring-gray-300 dark:bg-gray-800 dark:text-gray-300 dark:ring-gray-600',
    dot: 'bg-gray-400',
  },
  running: {
    badge: 'bg-blue-50 text-blue-700 ring-blue-300 dark:bg-blue-950 dark:text-blue-300 dark:ring-blue-800',
    dot: 'bg-blue-500',
  },
  succeeded: {
    badge: 'bg-green-50 text-green-700 ring-green-300 dark:bg-green-950 dark:text-green-300 dark:ring-green-800',
    dot: 'bg-green-500',
  },
  failed: {
    badge: 'bg-red-50 text-red-700 ring-red-300 dark:bg-red-950 dark:text-red-300 dark:ring-red-800',
    dot: 'bg-red-500',
  },
  timed_out: {
    badge: 'bg-orange-50 text-orange-700 ring-orange-300 dark:bg-orange-950 dark:text-orange-300 dark:ring-orange-800',
    dot: 'bg-orange-500',
  },
  cancelled: {
    badge: 'bg-slate-200 text-slate-700 ring-slate-400 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600',
    dot: 'bg-slate-500',
  },
};

/** `data-status` carries the raw status so tests and tooling need not read the translated label. */
export function StatusBadge({ status, testId }: { status: ExecutionStatus; testId?: string }) {
  const t = useT();
  const style = tone[status];
  return (
    <span
      data-testid={testId}
      data-status={status}
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style.badge}`}
    >
      <span aria-hidden className="relative flex h-1.5 w-1.5">
        {status === 'running' && (
          <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-blue-400 opacity-75" />
        )}
        <span className={`relative inline-flex h-1.5 w-1.5 rounded-full ${style.dot}`} />
      </span>
      {t(statusLabelKey[status])}
    </span>
  );
}
