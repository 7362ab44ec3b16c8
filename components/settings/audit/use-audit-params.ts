'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';

export interface AuditFilters {
  action: string;
  entity_type: string;
  actor: string;
  /** ISO instants; the inputs show them in local time. */
  from: string;
  to: string;
}
export interface AuditParams extends AuditFilters {
  page: number;
}

export const AUDIT_PAGE_SIZE = 50;
export const noFilters: AuditFilters = { action: '', entity_type: '', actor: '', from: '', to: '' };
const filterKeys = Object.keys(noFilters) as (keyof AuditFilters)[];

/** The filters as query-string pairs, named as the API names them: the page URL and the CSV export share them. */
export function filterQuery(f: AuditFilters): URLSearchParams {
  const q = new URLSearchParams();
  for (const k of filterKeys) if (f[k]) q.set(k, f[k]);
  return q;
}

/** Filters live in the URL, so a filtered view can be shared and survives a reload. */
export function useAuditParams(): [AuditParams, (next: Partial<AuditParams>) => void] {
  const sp = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const params = useMemo<AuditParams>(() => {
    const page = Number(sp.get('page'));
    const instant = (k: string) => {
      const v = sp.get(k) ?? '';
      return v && !Number.isNaN(new Date(v).getTime()) ? v : '';
    };
    return {
      action: sp.get('action') ?? '',
      entity_type: sp.get('entity_type') ?? '',
      actor: sp.get('actor') ?? '',
      from: instant('from'),
      to: instant('to'),
      page: Number.isInteger(page) && page >= 1 ? page : 1,
    };
  }, [sp]);
  const update = useCallback(
    (patch: Partial<AuditParams>) => {
      const next = { ...params, ...patch, page: patch.page ?? 1 };
      const q = filterQuery(next);
      if (next.page !== 1) q.set('page', String(next.page));
      const qs = q.toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );
  return [params, update];
}

/** `<input type="datetime-local">` speaks local wall time without a zone; the API speaks ISO instants. */
export function toLocalInput(iso: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(local: string): string {
  if (!local) return '';
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}
