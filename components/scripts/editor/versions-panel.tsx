'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useUiPrefs } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { formatDateTime } from '@/components/ui/format-date';
import { relativeTime } from '../format-time';
import type { ScriptDto } from '../script-types';

export type DiffSide = number | 'editor';

export function VersionsPanel(props: {
  scriptId: string;
  currentVersion: number;
  canWrite: boolean;
  /** Unsaved edits are replaced by a restore; the confirmation says so. */
  dirty: boolean;
  onCompare(original: number, modified: DiffSide): void;
  onRestored(script: ScriptDto): void;
}) {
  const { t, locale } = useUiPrefs();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const versions = useQuery(trpc.scripts.versions.queryOptions({ id: props.scriptId }));
  const [picked, setPicked] = useState<number[]>([]);
  const [restoring, setRestoring] = useState<number | null>(null);
  const restore = useMutation(
    trpc.scripts.restore.mutationOptions({
      onSuccess: async (dto) => {
        setRestoring(null);
        setPicked([]);
        queryClient.setQueryData(trpc.scripts.get.queryKey({ id: dto.id }), dto);
        props.onRestored(dto);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.scripts.versions.queryKey({ id: dto.id }) }),
          queryClient.invalidateQueries({ queryKey: trpc.scripts.list.queryKey() }),
        ]);
      },
    }),
  );

  // Two picks at most: a third replaces the older pick, so comparing is always one click away.
  const toggle = (v: number, on: boolean) =>
    setPicked((p) => (on ? [...p.filter((x) => x !== v), v].slice(-2) : p.filter((x) => x !== v)));
  const sorted = [...picked].sort((a, b) => a - b);
  const compare = () => {
    if (sorted.length === 2) props.onCompare(sorted[0]!, sorted[1]!);
    else if (sorted.length === 1) props.onCompare(sorted[0]!, 'editor');
  };

  if (versions.error)
    return (
      <p role="alert" className="text-sm text-red-600">
        {versions.error.message}
      </p>
    );
  if (!versions.data) return <p className="text-sm text-slate-500">{t('common.loading')}</p>;

  return (
    <div className="space-y-3" data-testid="versions-panel">
      <div className="flex items-center justify-between gap-2">
        <p className="text-xs text-slate-500">{t('scripts.versions.hint')}</p>
        <Button
          variant="secondary"
          className="shrink-0 whitespace-nowrap"
          disabled={picked.length === 0}
          onClick={compare}
          data-testid="open-diff"
        >
          {sorted.length === 2
            ? t('scripts.versions.compareTwo', { a: sorted[0]!, b: sorted[1]! })
            : sorted.length === 1
              ? t('scripts.versions.compareEditor', { a: sorted[0]! })
              : t('scripts.versions.compare')}
        </Button>
      </div>
      <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
        {versions.data.map((v) => (
          <li
            key={v.version}
            className="flex items-start gap-2 px-2.5 py-2 text-sm"
            data-testid={`version-row-${v.version}`}
          >
            <input
              type="checkbox"
              className="mt-1"
              checked={picked.includes(v.version)}
              onChange={(e) => toggle(v.version, e.target.checked)}
              aria-label={t('scripts.versions.pick', { n: v.version })}
              data-testid={`version-pick-${v.version}`}
            />
            <div className="min-w-0 flex-1">
              <div className="flex items-center gap-2">
                <span className="font-mono font-semibold">v{v.version}</span>
                {v.version === props.currentVersion && (
                  <span className="rounded bg-blue-50 px-1.5 text-xs text-blue-700 dark:bg-blue-950 dark:text-blue-300">
                    {t('scripts.versions.current')}
                  </span>
                )}
              </div>
              {v.message && (
                <div className="truncate text-slate-700 dark:text-slate-300" title={v.message}>
                  {v.message}
                </div>
              )}
              <div className="text-xs text-slate-500" title={formatDateTime(v.created_at)}>
                {v.author ?? t('scripts.versions.unknownAuthor')} · {relativeTime(v.created_at, locale)}
              </div>
            </div>
            {props.canWrite && v.version !== props.currentVersion && (
              <Button
                variant="ghost"
                className="shrink-0 text-xs"
                onClick={() => setRestoring(v.version)}
                data-testid={`restore-version-${v.version}`}
              >
                {t('scripts.versions.restore')}
              </Button>
            )}
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={restoring !== null}
        title={t('scripts.versions.restoreTitle', { n: restoring ?? 0 })}
        confirmLabel={t('scripts.versions.restore')}
        cancelLabel={t('common.cancel')}
        pending={restore.isPending}
        error={restore.error?.message}
        onCancel={() => {
          setRestoring(null);
          restore.reset();
        }}
        onConfirm={() => restoring !== null && restore.mutate({ id: props.scriptId, version: restoring })}
      >
        <p>{t('scripts.versions.restoreBody', { n: restoring ?? 0 })}</p>
        {props.dirty && (
          <p className="mt-2 font-medium text-amber-700 dark:text-amber-400">{t('scripts.versions.restoreDiscards')}</p>
        )}
      </ConfirmDialog>
    </div>
  );
}
