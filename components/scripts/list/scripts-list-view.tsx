'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { useCan } from '@/components/shell/permissions';
import { useTRPC } from '@/components/trpc/trpc-client';
import { BulkStatusBar } from './bulk-status-bar';
import { Pagination } from './pagination';
import { ScriptsFilters } from './scripts-filters';
import { ScriptsTable } from './scripts-table';
import { hasFilters, toListInput, useListParams } from './use-list-params';

const noSelection: ReadonlySet<string> = new Set();

export function ScriptsListView() {
  const t = useT();
  const trpc = useTRPC();
  const canWrite = useCan('script.write');
  const [params, setParams] = useListParams();
  const input = useMemo(() => toListInput(params), [params]);
  const list = useQuery({ ...trpc.scripts.list.queryOptions(input), placeholderData: keepPreviousData });
  const facets = useQuery(trpc.scripts.facets.queryOptions());

  // The selection belongs to one view of the list: changing filters or page clears it.
  const viewKey = JSON.stringify(input);
  const [selection, setSelection] = useState<{ key: string; ids: ReadonlySet<string> }>({
    key: viewKey,
    ids: noSelection,
  });
  const selected = selection.key === viewKey ? selection.ids : noSelection;
  const setSelected = (ids: ReadonlySet<string>) => setSelection({ key: viewKey, ids });

  const items = list.data?.items ?? [];
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between">
        <h1 className="text-xl font-semibold">{t('nav.scripts')}</h1>
        {canWrite && (
          <Link
            href="/scripts/new"
            className="rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700"
            data-testid="new-script"
          >
            {t('scripts.list.new')}
          </Link>
        )}
      </div>
      <ScriptsFilters
        params={params}
        onChange={setParams}
        categories={facets.data?.categories ?? []}
        tags={facets.data?.tags ?? []}
      />
      {canWrite && (
        <BulkStatusBar
          ids={[...selected]}
          nameOf={(id) => items.find((s) => s.id === id)?.name ?? id}
          onDone={() => setSelected(noSelection)}
        />
      )}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
        {list.error ? (
          <p role="alert" className="p-6 text-sm text-red-600">
            {list.error.message}
          </p>
        ) : !list.data ? (
          <p className="p-6 text-sm text-slate-500">{t('common.loading')}</p>
        ) : items.length === 0 ? (
          <p className="p-6 text-sm text-slate-500" data-testid="scripts-empty">
            {hasFilters(params) ? t('scripts.list.noMatch') : t('scripts.list.empty')}
          </p>
        ) : (
          <ScriptsTable
            items={items}
            selectable={canWrite}
            selected={selected}
            onToggle={(id, on) => {
              const next = new Set(selected);
              if (on) next.add(id);
              else next.delete(id);
              setSelected(next);
            }}
            onToggleAll={(on) => setSelected(on ? new Set(items.map((s) => s.id)) : noSelection)}
          />
        )}
      </div>
      {list.data && list.data.total > 0 && (
        <Pagination
          page={list.data.page}
          pages={list.data.pages}
          pageSize={list.data.page_size}
          total={list.data.total}
          onPage={(page) => setParams({ page })}
          onPageSize={(pageSize) => setParams({ pageSize })}
        />
      )}
    </div>
  );
}
