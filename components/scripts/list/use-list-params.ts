'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { SCRIPT_LANGUAGES, SCRIPT_STATUSES, type ScriptLanguage, type ScriptStatus } from '../script-types';

export const SORTS = ['updated_desc', 'updated_asc', 'name_asc', 'name_desc'] as const;
export type ListSort = (typeof SORTS)[number];
export const PAGE_SIZES = [10, 20, 50, 100] as const;

export interface ListParams {
  search: string;
  language: ScriptLanguage | '';
  status: ScriptStatus | '';
  category: string;
  tag: string;
  sort: ListSort;
  page: number;
  pageSize: number;
  archived: boolean;
}

const defaults: ListParams = {
  search: '',
  language: '',
  status: '',
  category: '',
  tag: '',
  sort: 'updated_desc',
  page: 1,
  pageSize: 20,
  archived: false,
};

function oneOf<T extends string>(values: readonly T[], v: string | null): T | '' {
  return v !== null && (values as readonly string[]).includes(v) ? (v as T) : '';
}

function positiveInt(v: string | null, fallback: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 ? n : fallback;
}

/**
 * List filters live in the URL so that opening a script and coming back (or sharing the link)
 * keeps the same view.
 */
export function useListParams(): [ListParams, (patch: Partial<ListParams>) => void] {
  const sp = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();

  const params = useMemo<ListParams>(
    () => ({
      search: sp.get('q') ?? '',
      language: oneOf(SCRIPT_LANGUAGES, sp.get('language')),
      status: oneOf(SCRIPT_STATUSES, sp.get('status')),
      category: sp.get('category') ?? '',
      tag: sp.get('tag') ?? '',
      sort: oneOf(SORTS, sp.get('sort')) || defaults.sort,
      page: positiveInt(sp.get('page'), 1),
      pageSize: (PAGE_SIZES as readonly number[]).includes(Number(sp.get('size')))
        ? Number(sp.get('size'))
        : defaults.pageSize,
      archived: sp.get('archived') === '1',
    }),
    [sp],
  );

  const update = useCallback(
    (patch: Partial<ListParams>) => {
      // Any filter change starts again from page 1, otherwise the page may not exist any more.
      const next: ListParams = { ...params, ...patch, page: patch.page ?? 1 };
      const q = new URLSearchParams();
      if (next.search) q.set('q', next.search);
      if (next.language) q.set('language', next.language);
      if (next.status) q.set('status', next.status);
      if (next.category) q.set('category', next.category);
      if (next.tag) q.set('tag', next.tag);
      if (next.sort !== defaults.sort) q.set('sort', next.sort);
      if (next.page !== 1) q.set('page', String(next.page));
      if (next.pageSize !== defaults.pageSize) q.set('size', String(next.pageSize));
      if (next.archived) q.set('archived', '1');
      const qs = q.toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );

  return [params, update];
}

export function hasFilters(p: ListParams): boolean {
  return Boolean(p.search || p.language || p.status || p.category || p.tag || p.archived);
}

export function toListInput(p: ListParams) {
  const [field, order] = p.sort.split('_') as ['updated' | 'name', 'asc' | 'desc'];
  return {
    page: p.page,
    page_size: p.pageSize,
    search: p.search || undefined,
    language: p.language || undefined,
    status: p.status || undefined,
    category: p.category || undefined,
    tag: p.tag || undefined,
    include_archived: p.archived,
    sort: field === 'name' ? ('name' as const) : ('updated_at' as const),
    order,
  };
}
