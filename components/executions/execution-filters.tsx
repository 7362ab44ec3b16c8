'use client';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';
import { statusLabelKey, triggerLabelKey, triggerTypeList } from './execution-labels';
import { executionStatusList, type ExecutionStatus, type TriggerType } from './execution-types';
import type { ListFilters } from './list-filters';

function FilterField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="block min-w-36 flex-1 space-y-1">
      <span className="text-xs font-medium text-slate-600 dark:text-slate-400">{label}</span>
      {children}
    </label>
  );
}

export function ExecutionFilters({
  filters,
  onChange,
}: {
  filters: ListFilters;
  onChange(patch: Partial<ListFilters>): void;
}) {
  const t = useT();
  const trpc = useTRPC();
  // Archived scripts keep their runs, so they stay selectable here.
  const scripts = useQuery(
    trpc.scripts.list.queryOptions({ page_size: 200, include_archived: true, sort: 'name', order: 'asc' }),
  );
  const active = Boolean(
    filters.q || filters.script_id || filters.status || filters.trigger_type || filters.from || filters.to,
  );
  // Typed text is local and reaches the URL (and the query) after a pause: replacing the URL on
  // every keystroke re-rendered the input from the URL and could drop characters.
  const [text, setText] = useState(filters.q);
  useEffect(() => {
    if (text === filters.q) return;
    const id = setTimeout(() => onChange({ q: text }), 300);
    return () => clearTimeout(id);
  }, [text, filters.q, onChange]);
  return (
    <div
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-800 dark:bg-slate-900"
      data-testid="execution-filters"
    >
      <FilterField label={t('executions.filter.search')}>
        <Input
          type="search"
          data-testid="executions-search"
          value={text}
          placeholder={t('executions.filter.searchPlaceholder')}
          onChange={(e) => setText(e.target.value)}
        />
      </FilterField>
      <FilterField label={t('executions.field.script')}>
        <Select
          data-testid="filter-script"
          value={filters.script_id}
          onChange={(e) => onChange({ script_id: e.target.value })}
        >
          <option value="">{t('executions.filter.allScripts')}</option>
          {scripts.data?.items.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
      </FilterField>
      <FilterField label={t('executions.field.status')}>
        <Select
          data-testid="filter-status"
          value={filters.status}
          onChange={(e) => onChange({ status: e.target.value as ExecutionStatus | '' })}
        >
          <option value="">{t('executions.filter.allStatuses')}</option>
          {executionStatusList.map((s) => (
            <option key={s} value={s}>
              {t(statusLabelKey[s])}
            </option>
          ))}
        </Select>
      </FilterField>
      <FilterField label={t('executions.field.trigger')}>
        <Select
          data-testid="filter-trigger"
          value={filters.trigger_type}
          onChange={(e) => onChange({ trigger_type: e.target.value as TriggerType | '' })}
        >
          <option value="">{t('executions.filter.allTriggers')}</option>
          {triggerTypeList.map((tt) => (
            <option key={tt} value={tt}>
              {t(triggerLabelKey[tt])}
            </option>
          ))}
        </Select>
      </FilterField>
      <FilterField label={t('executions.filter.from')}>
        <Input
          type="datetime-local"
          className="dark:[color-scheme:dark]"
          data-testid="filter-from"
          value={filters.from}
          onChange={(e) => onChange({ from: e.target.value })}
        />
      </FilterField>
      <FilterField label={t('executions.filter.to')}>
        <Input
          type="datetime-local"
          className="dark:[color-scheme:dark]"
          data-testid="filter-to"
          value={filters.to}
          onChange={(e) => onChange({ to: e.target.value })}
        />
      </FilterField>
      <Button
        variant="ghost"
        data-testid="filter-clear"
        disabled={!active}
        onClick={() => {
          setText('');
          onChange({ q: '', script_id: '', status: '', trigger_type: '', from: '', to: '' });
        }}
      >
        {t('executions.filter.clear')}
      </Button>
    </div>
  );
}
