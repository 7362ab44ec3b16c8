'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useT } from '@/components/i18n/i18n-provider';
import { triggerLabelKey } from './execution-labels';
import { isFinalStatus, type ExecutionListItem } from './execution-types';
import { elapsedMs, formatDateTime, formatDuration } from './format';
import { StatusBadge } from './status-badge';
import { useNow } from './use-now';

const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500';
const td = 'px-3 py-2 whitespace-nowrap';

export function ExecutionsTable({ items }: { items: ExecutionListItem[] }) {
  const t = useT();
  const router = useRouter();
  const now = useNow(items.some((e) => !isFinalStatus(e.status)));
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <table className="min-w-full text-sm" data-testid="executions-table">
        <thead className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900/60">
          <tr>
            <th className={th}>{t('executions.field.script')}</th>
            <th className={th}>{t('executions.field.status')}</th>
            <th className={th}>{t('executions.field.trigger')}</th>
            <th className={th}>{t('executions.field.attempt')}</th>
            <th className={th}>{t('executions.field.queuedAt')}</th>
            <th className={th}>{t('executions.field.startedAt')}</th>
            <th className={`${th} text-right`}>{t('executions.field.duration')}</th>
            <th className={`${th} text-right`}>{t('executions.field.exitCode')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {items.map((e) => (
            <tr
              key={e.id}
              data-testid="execution-row"
              data-execution-id={e.id}
              className="cursor-pointer hover:bg-slate-50 dark:hover:bg-slate-800/60"
              onClick={() => router.push(`/executions/${e.id}`)}
            >
              <td className={td}>
                {/* A real link too, for keyboards, middle-click and "open in new tab". */}
                <Link
                  href={`/executions/${e.id}`}
                  className="font-medium text-slate-900 hover:text-blue-600 dark:text-slate-100 dark:hover:text-blue-400"
                  onClick={(ev) => ev.stopPropagation()}
                >
                  {e.script_name ?? <span className="italic text-slate-500">{t('executions.script.deleted')}</span>}
                </Link>
                {e.script_version != null && <span className="ml-1.5 text-xs text-slate-400">v{e.script_version}</span>}
              </td>
              <td className={td}>
                <StatusBadge status={e.status} />
              </td>
              <td className={`${td} text-slate-600 dark:text-slate-300`}>{t(triggerLabelKey[e.trigger_type])}</td>
              <td className={`${td} tabular-nums text-slate-600 dark:text-slate-300`}>
                {e.attempt}/{e.max_attempts}
              </td>
              <td className={`${td} tabular-nums text-slate-600 dark:text-slate-300`}>{formatDateTime(e.queued_at)}</td>
              <td className={`${td} tabular-nums text-slate-600 dark:text-slate-300`}>
                {formatDateTime(e.started_at)}
              </td>
              <td className={`${td} text-right tabular-nums`}>{formatDuration(elapsedMs(e, now), t)}</td>
              <td className={`${td} text-right font-mono ${e.exit_code ? 'text-red-600 dark:text-red-400' : ''}`}>
                {e.exit_code ?? '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
