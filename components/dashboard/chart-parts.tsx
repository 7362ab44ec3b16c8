'use client';
import type { ReactNode } from 'react';
import { useT } from '@/components/i18n/i18n-provider';

/** Axis ticks and grid lines that read on light and dark backgrounds alike. */
export const axisTick = { fill: 'currentColor', fontSize: 11 } as const;
export const gridStroke = 'rgba(148, 163, 184, 0.25)';

export function ChartEmpty() {
  const t = useT();
  return <div className="flex h-full min-h-32 items-center justify-center text-sm text-slate-500">{t('dashboard.chart.empty')}</div>;
}

interface TooltipEntry {
  name?: string | number;
  value?: number | string;
  color?: string;
  dataKey?: string | number;
}

/** Recharts tooltip with the app's card style (dark mode included). */
export function ChartTooltip(props: { active?: boolean; label?: ReactNode; payload?: readonly TooltipEntry[]; labelFormatter?: (label: ReactNode) => ReactNode }) {
  if (!props.active || !props.payload?.length) return null;
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-md dark:border-slate-700 dark:bg-slate-900">
      {props.label != null && <div className="mb-1 font-medium text-slate-700 dark:text-slate-200">{props.labelFormatter ? props.labelFormatter(props.label) : props.label}</div>}
      {props.payload.map((p) => (
        <div key={String(p.dataKey ?? p.name)} className="flex items-center gap-2 text-slate-600 dark:text-slate-300">
          <span className="inline-block h-2 w-2 rounded-sm" style={{ background: p.color }} />
          <span>{p.name}</span>
          <span className="ml-auto pl-3 font-mono tabular-nums">{p.value}</span>
        </div>
      ))}
    </div>
  );
}

export function truncate(text: string, max = 28): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
