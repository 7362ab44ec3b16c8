'use client';
import type { ReactNode } from 'react';
import { useT } from '@/components/i18n/i18n-provider';

/** Axis ticks and grid lines that read on light and dark backgrounds alike. */
export const axisTick = { fill: 'currentColor', fontSize: 11 } as const;
export const gridStroke = 'rgba(148, 163, 184, 0.25)';

export function ChartEmpty() {
  const t = useT();
  return (
    <div className="flex h-full min-h-32 items-center justify-center text-sm text-slate-500">
      {t('dashboard.chart.empty')}
    </div>
  );
}

interface TooltipEntry {
  name?: string | number;
  value?: number | string;
  color?: string;
  dataKey?: string | number;
}

/** Recharts tooltip with the app's card style (dark mode included). */
export function ChartTooltip(props: {
  active?: boolean;
  label?: ReactNode;
  payload?: readonly TooltipEntry[];
  labelFormatter?: (label: ReactNode) => ReactNode;
}) {
  if (!props.active || !props.payload?.length) return null;
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-md dark:border-slate-700 dark:bg-slate-900">
      {props.label != null && (
        <div className="mb-1 font-medium text-slate-700 dark:text-slate-200">
          {props.labelFormatter ? props.labelFormatter(props.label) : props.label}
        </div>
      )}
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

let measureCtx: CanvasRenderingContext2D | null | undefined;

/** Text width in px at the axis font (canvas measurement; an estimate where there is no canvas). */
function textWidth(text: string, fontSize: number): number {
  if (measureCtx === undefined && typeof document !== 'undefined') {
    measureCtx = document.createElement('canvas').getContext('2d');
    if (measureCtx) measureCtx.font = `${fontSize}px ${getComputedStyle(document.body).fontFamily}`;
  }
  if (measureCtx) return measureCtx.measureText(text).width;
  // Wide (CJK) characters take about a full em, others a little over half.
  return [...text].reduce((w, ch) => w + (/[\u2e80-\uffff]/.test(ch) ? fontSize : fontSize * 0.6), 0);
}

/** The label cut at its end with "…" so it fits `maxPx`; recharts would cut it at its start. */
export function fitLabel(text: string, maxPx: number, fontSize = axisTick.fontSize): string {
  if (textWidth(text, fontSize) <= maxPx) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(`${chars.slice(0, mid).join('')}…`, fontSize) <= maxPx) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('')}…`;
}

/** A category axis tick that fits its label into the axis width, with the whole label as a tooltip. */
export function CategoryTick(props: {
  x?: number | string;
  y?: number | string;
  payload?: { value?: unknown };
  width: number;
}) {
  const full = String(props.payload?.value ?? '');
  const shown = fitLabel(full, props.width - 10);
  return (
    <text
      x={Number(props.x)}
      y={Number(props.y)}
      dy={4}
      textAnchor="end"
      fill="currentColor"
      fontSize={axisTick.fontSize}
      data-testid="category-tick"
      data-full={full}
      data-shown={shown}
    >
      {shown !== full && <title>{full}</title>}
      {shown}
    </text>
  );
}
