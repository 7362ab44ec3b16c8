'use client';
import { useT } from '@/components/i18n/i18n-provider';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/field';
import { PAGE_SIZES } from './use-list-params';

export function Pagination(props: {
  page: number;
  pages: number;
  pageSize: number;
  total: number;
  onPage(page: number): void;
  onPageSize(size: number): void;
}) {
  const t = useT();
  const from = props.total === 0 ? 0 : (props.page - 1) * props.pageSize + 1;
  const to = Math.min(props.total, props.page * props.pageSize);
  return (
    <div
      className="flex items-center justify-between gap-3 text-sm text-slate-600 dark:text-slate-400"
      data-testid="pagination"
    >
      <span data-testid="pagination-summary">{t('scripts.list.range', { from, to, total: props.total })}</span>
      <div className="flex items-center gap-2">
        <div className="w-32">
          <Select
            value={props.pageSize}
            onChange={(e) => props.onPageSize(Number(e.target.value))}
            aria-label={t('scripts.list.pageSize')}
          >
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {t('scripts.list.perPage', { n })}
              </option>
            ))}
          </Select>
        </div>
        <Button
          variant="secondary"
          disabled={props.page <= 1}
          onClick={() => props.onPage(props.page - 1)}
          data-testid="page-prev"
        >
          {t('scripts.list.prev')}
        </Button>
        <span className="whitespace-nowrap">{t('scripts.list.pageOf', { page: props.page, pages: props.pages })}</span>
        <Button
          variant="secondary"
          disabled={props.page >= props.pages}
          onClick={() => props.onPage(props.page + 1)}
          data-testid="page-next"
        >
          {t('scripts.list.next')}
        </Button>
      </div>
    </div>
  );
}
