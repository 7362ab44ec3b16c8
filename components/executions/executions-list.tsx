'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useT } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/field';
import { ExecutionFilters } from './execution-filters';
import { ExecutionsTable } from './executions-table';
import { listInput, pageSizes, useListFilters } from './list-filters';

/** Live list of runs: polling keeps statuses and durations current without a stream per row. */
export function ExecutionsList() {
  const t = useT();
  const trpc = useTRPC();
  const [filters, setFilters] = useListFilters();
  const list = useQuery(
    trpc.executions.list.queryOptions(listInput(filters), { refetchInterval: 2000, placeholderData: keepPreviousData }),
  );
  const data = list.data;
  return (
    <div className="space-y-4">
      <ExecutionFilters filters={filters} onChange={setFilters} />
      {list.error && (
        <p
          role="alert"
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700 dark:border-red-900 dark:bg-red-950 dark:text-red-300"
        >
          {list.error.message}
        </p>
      )}
      {!data && !list.error && <p className="text-sm text-slate-500">{t('common.loading')}</p>}
      {data && data.items.length === 0 && (
        <p
          data-testid="executions-empty"
          className="rounded-lg border border-dashed border-slate-300 px-4 py-10 text-center text-sm text-slate-500 dark:border-slate-700"
        >
          {t('executions.list.empty')}
        </p>
      )}
      {data && data.items.length > 0 && <ExecutionsTable items={data.items} />}
      {data && data.total > 0 && (
        <div className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600 dark:text-slate-400">
          <span data-testid="executions-total">
            {t('executions.list.pageOf', { page: data.page, pages: data.pages, total: data.total })}
          </span>
          <div className="flex items-center gap-2">
            <label className="flex items-center gap-2">
              <span className="whitespace-nowrap text-xs">{t('executions.list.pageSize')}</span>
              <Select
                className="w-20"
                value={filters.page_size}
                onChange={(e) => setFilters({ page_size: Number(e.target.value) })}
              >
                {pageSizes.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </Select>
            </label>
            <Button
              variant="secondary"
              data-testid="page-prev"
              disabled={data.page <= 1}
              onClick={() => setFilters({ page: data.page - 1 })}
            >
              ← {t('executions.list.prev')}
            </Button>
            <Button
              variant="secondary"
              data-testid="page-next"
              disabled={data.page >= data.pages}
              onClick={() => setFilters({ page: data.page + 1 })}
            >
              {t('executions.list.next')} →
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
