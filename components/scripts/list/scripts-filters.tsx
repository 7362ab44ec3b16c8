'use client';
import { useEffect, useRef, useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { Input, Select } from '@/components/ui/field';
import { SCRIPT_LANGUAGES, SCRIPT_STATUSES } from '../script-types';
import { hasFilters, SORTS, type ListParams } from './use-list-params';

const SEARCH_DEBOUNCE_MS = 300;

export function ScriptsFilters(props: {
  params: ListParams;
  onChange(patch: Partial<ListParams>): void;
  categories: string[];
  tags: string[];
}) {
  const t = useT();
  const { params, onChange } = props;
  const [search, setSearch] = useState(params.search);
  // The search text last written to (or read from) the URL: tells our own echo from an outside
  // change such as the Back button, which must replace what is in the box.
  const lastSent = useRef(params.search);

  useEffect(() => {
    if (params.search === lastSent.current) return;
    lastSent.current = params.search;
    setSearch(params.search);
  }, [params.search]);

  // Typing updates the URL (and the query) once the operator pauses, not on every key.
  useEffect(() => {
    if (search === lastSent.current) return;
    const timer = setTimeout(() => {
      lastSent.current = search;
      onChange({ search });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search, onChange]);

  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="scripts-filters">
      <div className="w-72">
        <Input
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t('scripts.list.searchPlaceholder')}
          aria-label={t('scripts.list.search')}
          data-testid="scripts-search"
        />
      </div>
      <FilterSelect
        label={t('scripts.field.language')}
        value={params.language}
        onChange={(v) => onChange({ language: v as ListParams['language'] })}
        testId="filter-language"
        options={[
          { value: '', label: t('scripts.list.allLanguages') },
          ...SCRIPT_LANGUAGES.map((l) => ({ value: l, label: t(`scripts.language.${l}`) })),
        ]}
      />
      <FilterSelect
        label={t('scripts.field.status')}
        value={params.status}
        onChange={(v) => onChange({ status: v as ListParams['status'] })}
        testId="filter-status"
        options={[
          { value: '', label: t('scripts.list.allStatuses') },
          ...SCRIPT_STATUSES.map((s) => ({ value: s, label: t(`scripts.status.${s}`) })),
        ]}
      />
      <FilterSelect
        label={t('scripts.field.category')}
        value={params.category}
        onChange={(v) => onChange({ category: v })}
        testId="filter-category"
        options={[
          { value: '', label: t('scripts.list.allCategories') },
          ...withCurrent(props.categories, params.category).map((c) => ({ value: c, label: c })),
        ]}
      />
      <FilterSelect
        label={t('scripts.field.tags')}
        value={params.tag}
        onChange={(v) => onChange({ tag: v })}
        testId="filter-tag"
        options={[
          { value: '', label: t('scripts.list.allTags') },
          ...withCurrent(props.tags, params.tag).map((tag) => ({ value: tag, label: tag })),
        ]}
      />
      <FilterSelect
        label={t('scripts.list.sort')}
        value={params.sort}
        onChange={(v) => onChange({ sort: v as ListParams['sort'] })}
        testId="list-sort"
        options={SORTS.map((s) => ({ value: s, label: t(`scripts.list.sort.${s}`) }))}
      />
      <label className="flex items-center gap-1.5 text-sm text-slate-700 dark:text-slate-300">
        <input
          type="checkbox"
          checked={params.archived}
          onChange={(e) => onChange({ archived: e.target.checked })}
          data-testid="show-archived"
        />
        {t('scripts.list.showArchived')}
      </label>
      {hasFilters(params) && (
        <button
          type="button"
          className="text-sm text-blue-700 hover:underline dark:text-blue-400"
          onClick={() => {
            setSearch('');
            lastSent.current = '';
            onChange({ search: '', language: '', status: '', category: '', tag: '', archived: false });
          }}
        >
          {t('scripts.list.clearFilters')}
        </button>
      )}
    </div>
  );
}

// The shared Select is w-full; the wrapper sets the width.
function FilterSelect(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  options: { value: string; label: string }[];
  testId: string;
}) {
  return (
    <div className="w-44">
      <Select
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-label={props.label}
        data-testid={props.testId}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </div>
  );
}

/** A filter from a shared link may name a value the facets no longer list; keep it selectable. */
function withCurrent(values: string[], current: string): string[] {
  return current && !values.includes(current) ? [current, ...values] : values;
}
