'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { executionStatusList, type ExecutionStatus, type TriggerType } from './execution-types';
import { triggerTypeList } from './execution-labels';

/** Filters of the executions list, kept in the URL so a filtered view can be shared and survives back/forward. */
export interface ListFilters {
  /** Part of a script name, or the start of a run id. */
  q: string;
  script_id: string;
  status: ExecutionStatus | '';
  trigger_type: TriggerType | '';
  /** `datetime-local` values, i.e. the viewer's local time. */
  from: string;
  to: string;
  page: number;
  page_size: number;
}

export const pageSizes = [20, 50, 100] as const;

const oneOf = <T extends string>(list: readonly T[], v: string | null): T | '' =>
  v && (list as readonly string[]).includes(v) ? (v as T) : '';
const positive = (v: string | null, fallback: number) => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

export function useListFilters(): [ListFilters, (patch: Partial<ListFilters>) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();

  const filters = useMemo<ListFilters>(() => {
    const size = positive(params.get('page_size'), 20);
    return {
      q: params.get('q') ?? '',
      script_id: params.get('script_id') ?? '',
      status: oneOf(executionStatusList, params.get('status')),
      trigger_type: oneOf(triggerTypeList, params.get('trigger_type')),
      from: params.get('from') ?? '',
      to: params.get('to') ?? '',
      page: positive(params.get('page'), 1),
      page_size: (pageSizes as readonly number[]).includes(size) ? size : 20,
    };
  }, [params]);

  const update = useCallback(
    (patch: Partial<ListFilters>) => {
      // Any change other than paging starts again from the first page.
      const next = { ...filters, ...('page' in patch ? {} : { page: 1 }), ...patch };
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(next)) {
        if (v === '' || (k === 'page' && v === 1) || (k === 'page_size' && v === 20)) continue;
        qs.set(k, String(v));
      }
      const query = qs.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [filters, pathname, router],
  );

  return [filters, update];
}

/** The `executions.list` input for these filters; local date-times become instants here. */
export function listInput(f: ListFilters) {
  const instant = (local: string) => {
    const d = local ? new Date(local) : null;
    return d && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;
  };
  return {
    page: f.page,
    page_size: f.page_size,
    search: f.q.trim() || undefined,
    script_id: f.script_id || undefined,
    status: f.status || undefined,
    trigger_type: f.trigger_type || undefined,
    from: instant(f.from),
    to: instant(f.to),
  };
}
