'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useUiPrefs } from '@/components/i18n/i18n-provider';
import { relativeTime } from '@/components/scripts/format-time';
import { formatDateTime } from '@/components/ui/format-date';
import { useCan } from '@/components/shell/permissions';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';
import { WorkflowRunBadge, WorkflowStatusBadge, workflowStatusLabel } from '../run-status-badge';
import type { WorkflowStatus } from '../workflow-types';

const PAGE_SIZE = 25;
const statuses = Object.keys(workflowStatusLabel) as WorkflowStatus[];

/** Workflows with their status, current version and last run; a row opens the designer. */
export function WorkflowsList() {
  const { t, locale } = useUiPrefs();
  const trpc = useTRPC();
  const router = useRouter();
  const canWrite = useCan('workflow.write');
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<WorkflowStatus | ''>('');
  const [page, setPage] = useState(1);
  const list = useQuery({
    ...trpc.workflows.list.queryOptions({
      page,
      page_size: PAGE_SIZE,
      search: search.trim() || undefined,
      status: status || undefined,
    }),
    placeholderData: keepPreviousData,
  });
  const items = list.data?.items ?? [];
  const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400';
  const td = 'px-3 py-2 align-middle';

  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between">
        <h1 className="text-xl font-semibold">{t('nav.workflows')}</h1>
        {canWrite && (
          <Link
            href="/workflows/new"
            className="rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700"
            data-testid="new-workflow"
          >
            {t('workflows.list.new')}
          </Link>
        )}
      </div>
      <div className="flex flex-wrap gap-2">
        <div className="w-72">
          <Input
            type="search"
            value={search}
            placeholder={t('workflows.list.search')}
            aria-label={t('workflows.list.search')}
            data-testid="workflows-search"
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
          />
        </div>
        <div className="w-44">
          <Select
            value={status}
            aria-label={t('workflows.field.status')}
            data-testid="workflows-status-filter"
            onChange={(e) => {
              setStatus(e.target.value as WorkflowStatus | '');
              setPage(1);
            }}
          >
            <option value="">{t('workflows.list.allStatuses')}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(workflowStatusLabel[s])}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
        {list.error ? (
          <p role="alert" className="p-6 text-sm text-red-600">
            {list.error.message}
          </p>
        ) : !list.data ? (
          <p className="p-6 text-sm text-slate-500">{t('common.loading')}</p>
        ) : items.length === 0 ? (
          <p className="p-6 text-sm text-slate-500" data-testid="workflows-empty">
            {search || status ? t('workflows.list.noMatch') : t('workflows.list.empty')}
          </p>
        ) : (
          <table className="w-full border-collapse text-sm" data-testid="workflows-table">
            <thead className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900/60">
              <tr>
                <th className={th}>{t('workflows.field.name')}</th>
                <th className={th}>{t('workflows.field.status')}</th>
                <th className={th}>{t('workflows.field.version')}</th>
                <th className={th}>{t('workflows.field.nodes')}</th>
                <th className={th}>{t('workflows.list.lastRun')}</th>
                <th className={th}>{t('workflows.list.updated')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {items.map((w) => (
                <tr
                  key={w.id}
                  className="cursor-pointer hover:bg-blue-50/60 dark:hover:bg-slate-800/60"
                  onClick={() => router.push(`/workflows/${w.id}`)}
                  data-testid="workflow-row"
                  data-workflow-id={w.id}
                >
                  <td className={`${td} max-w-96`}>
                    <Link
                      href={`/workflows/${w.id}`}
                      className="font-medium text-slate-900 hover:text-blue-700 dark:text-slate-100 dark:hover:text-blue-400"
                      onClick={(e) => e.stopPropagation()}
                    >
                      {w.name}
                    </Link>
                    {w.description && <div className="truncate text-xs text-slate-500">{w.description}</div>}
                  </td>
                  <td className={td}>
                    <WorkflowStatusBadge status={w.status} />
                  </td>
                  <td className={`${td} font-mono text-xs text-slate-600 dark:text-slate-400`}>v{w.version}</td>
                  <td className={`${td} text-slate-600 dark:text-slate-400`}>{w.node_count}</td>
                  <td className={`${td} whitespace-nowrap`}>
                    {w.last_run ? (
                      <Link
                        href={`/workflows/runs/${w.last_run.id}`}
                        className="flex items-center gap-1.5 hover:underline"
                        title={formatDateTime(w.last_run.created_at)}
                        onClick={(e) => e.stopPropagation()}
                        data-testid="workflow-last-run"
                      >
                        <WorkflowRunBadge status={w.last_run.status} />
                        <span className="text-xs text-slate-500">{relativeTime(w.last_run.created_at, locale)}</span>
                      </Link>
                    ) : (
                      <span className="text-xs text-slate-400">{t('workflows.list.neverRun')}</span>
                    )}
                  </td>
                  <td className={`${td} whitespace-nowrap text-xs text-slate-500`} title={formatDateTime(w.updated_at)}>
                    {relativeTime(w.updated_at, locale)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {list.data && list.data.pages > 1 && (
        <div className="flex items-center justify-end gap-2 text-sm text-slate-600 dark:text-slate-400">
          <Button variant="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            {t('scripts.list.prev')}
          </Button>
          <span>{t('scripts.list.pageOf', { page: list.data.page, pages: list.data.pages })}</span>
          <Button variant="secondary" disabled={page >= list.data.pages} onClick={() => setPage(page + 1)}>
            {t('scripts.list.next')}
          </Button>
        </div>
      )}
    </div>
  );
}
