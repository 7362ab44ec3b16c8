'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useUiPrefs } from '@/components/i18n/i18n-provider';
import { formatDuration } from '@/components/executions/format';
import { relativeTime } from '@/components/scripts/format-time';
import { formatDateTime } from '@/components/ui/format-date';
import { useTRPC } from '@/components/trpc/trpc-client';
import { WorkflowRunBadge } from '../run-status-badge';

/** The latest runs of this workflow, each opening the live run view. */
export function RunsPanel({ workflowId }: { workflowId: string }) {
  const { t, locale } = useUiPrefs();
  const trpc = useTRPC();
  const runs = useQuery({
    ...trpc.workflows.runs.queryOptions({ workflow_id: workflowId, page_size: 20 }),
    refetchInterval: (q) =>
      q.state.data?.items.some((r) => r.status === 'queued' || r.status === 'running') ? 2000 : false,
  });
  if (runs.error)
    return (
      <p role="alert" className="text-sm text-red-600">
        {runs.error.message}
      </p>
    );
  if (!runs.data) return <p className="text-sm text-slate-500">{t('common.loading')}</p>;
  if (runs.data.items.length === 0)
    return (
      <p className="text-sm text-slate-500" data-testid="runs-empty">
        {t('workflows.runs.empty')}
      </p>
    );
  return (
    <ul className="space-y-1.5" data-testid="runs-panel">
      {runs.data.items.map((r) => (
        <li key={r.id}>
          <Link
            href={`/workflows/runs/${r.id}`}
            className="block rounded-md border border-slate-200 p-2 text-xs hover:border-blue-400 dark:border-slate-700 dark:hover:border-blue-500"
            data-testid="run-link"
          >
            <div className="flex items-center justify-between gap-2">
              <WorkflowRunBadge status={r.status} />
              <span className="text-slate-500" title={formatDateTime(r.created_at)}>
                {relativeTime(r.created_at, locale)}
              </span>
            </div>
            <div className="mt-1 flex justify-between text-slate-500">
              <span>
                v{r.version} · {t(`executions.trigger.${r.trigger_type}`)}
              </span>
              <span>{formatDuration(r.duration_ms, t)}</span>
            </div>
          </Link>
        </li>
      ))}
    </ul>
  );
}
