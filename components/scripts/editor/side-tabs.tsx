'use client';
import type { ReactNode } from 'react';

export interface SideTab<K extends string> {
  key: K;
  label: string;
  content: ReactNode;
}

/** Tabs for the editor's side panel; inactive tabs stay mounted so their state survives switching. */
export function SideTabs<K extends string>(props: { tabs: SideTab<K>[]; active: K; onSelect(key: K): void }) {
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div role="tablist" className="flex gap-1 border-b border-slate-200 px-2 dark:border-slate-800">
        {props.tabs.map((tab) => (
          <button
            key={tab.key}
            type="button"
            role="tab"
            aria-selected={tab.key === props.active}
            onClick={() => props.onSelect(tab.key)}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${tab.key === props.active ? 'border-blue-600 font-medium text-blue-700 dark:text-blue-400' : 'border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-200'}`}
            data-testid={`tab-${tab.key}`}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {props.tabs.map((tab) => (
        <div
          key={tab.key}
          role="tabpanel"
          hidden={tab.key !== props.active}
          className="min-h-0 flex-1 overflow-y-auto p-4"
        >
          {tab.content}
        </div>
      ))}
    </div>
  );
}
