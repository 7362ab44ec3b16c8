'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useUiPrefs } from '@/components/i18n/i18n-provider';
import { relativeTime } from '@/components/scripts/format-time';
import { formatDateTime } from '@/components/ui/format-date';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import type { WorkflowGraph } from '@/components/flow/graph-types';

/**
 * Saved versions of the workflow. The API keeps versions immutable and offers no restore call:
 * "Load into editor" puts an old graph on the canvas (undoable), and saving it makes it the newest version.
 */
export function VersionsPanel(props: {
  workflowId: string;
  current: number;
  canEdit: boolean;
  onLoad(version: number, graph: WorkflowGraph): void;
}) {
  const { t, locale } = useUiPrefs();
  const trpc = useTRPC();
  const client = useQueryClient();
  const versions = useQuery(trpc.workflows.versions.queryOptions({ id: props.workflowId }));
  const [loading, setLoading] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async (version: number) => {
    setLoading(version);
    setError(null);
    try {
      const detail = await client.fetchQuery(trpc.workflows.version.queryOptions({ id: props.workflowId, version }));
      props.onLoad(version, detail.graph);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setLoading(null);
    }
  };

  if (versions.error)
    return (
      <p role="alert" className="text-sm text-red-600">
        {versions.error.message}
      </p>
    );
  if (!versions.data) return <p className="text-sm text-slate-500">{t('common.loading')}</p>;
  return (
    <div className="space-y-2" data-testid="versions-panel">
      <p className="text-[11px] leading-4 text-slate-500">{t('workflows.versions.help')}</p>
      {error && (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      )}
      <ul className="space-y-1.5">
        {versions.data.map((v) => (
          <li
            key={v.version}
            className="rounded-md border border-slate-200 p-2 text-xs dark:border-slate-700"
            data-testid={`version-${v.version}`}
          >
            <div className="flex items-center justify-between gap-2">
              <span className="font-semibold">
                v{v.version}
                {v.version === props.current && (
                  <span className="ml-1.5 rounded bg-blue-100 px-1 py-0.5 text-[10px] font-medium text-blue-700 dark:bg-blue-950 dark:text-blue-300">
                    {t('workflows.versions.current')}
                  </span>
                )}
              </span>
              <span className="text-slate-500" title={formatDateTime(v.created_at)}>
                {relativeTime(v.created_at, locale)}
              </span>
            </div>
            {v.message && <p className="mt-0.5 text-slate-700 dark:text-slate-300">{v.message}</p>}
            <div className="mt-1 flex items-center justify-between text-slate-500">
              <span>
                {t('workflows.versions.nodes', { n: v.node_count })}
                {v.author ? ` · ${v.author}` : ''}
              </span>
              {props.canEdit && v.version !== props.current && (
                <Button
                  variant="ghost"
                  className="!px-1.5 !py-0.5 text-xs"
                  disabled={loading !== null}
                  onClick={() => load(v.version)}
                  data-testid={`version-load-${v.version}`}
                >
                  {loading === v.version ? t('common.loading') : t('workflows.versions.load')}
                </Button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
