'use client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useT } from '@/components/i18n/i18n-provider';
import { statusLabelKey } from '@/components/executions/execution-labels';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Card } from '@/components/ui/card';
import { axisTick, ChartEmpty, ChartTooltip, gridStroke } from './chart-parts';
import { browserTimeZone, finalStatusColors, seriesRanges, type SeriesRange } from './dashboard-types';

function bucketLabel(b: { start: string; label: string }, hourly: boolean): string {
  if (!hourly) return b.label.slice(5); // MM-DD of the local day
  const d = new Date(b.start);
  return `${String(d.getHours()).padStart(2, '0')}:00`;
}

/** Finished runs per hour (24 h) or per day (7 / 30 days), stacked by final status. */
export function SeriesChart() {
  const t = useT();
  const trpc = useTRPC();
  const [range, setRange] = useState<SeriesRange>('24h');
  // Refetched when the live feed says the statistics changed (dashboard-view), not on a timer.
  const series = useQuery(trpc.stats.series.queryOptions({ range, time_zone: browserTimeZone() }));
  const hourly = range === '24h';
  const data = (series.data?.buckets ?? []).map((b) => ({
    name: bucketLabel(b, hourly),
    title: hourly ? `${b.label.replace('T', ' ')}` : b.label,
    ...b.counts,
  }));
  const empty = !!series.data && series.data.buckets.every((b) => b.total === 0);
  const statuses = Object.keys(finalStatusColors) as (keyof typeof finalStatusColors)[];
  return (
    <Card
      className="lg:col-span-2"
      title={
        <div className="flex items-center justify-between gap-2">
          <span>
            {t('dashboard.chart.series')}
            <span className="ml-2 text-xs font-normal text-slate-500">
              {t('dashboard.chart.seriesHint', {
                unit: t(hourly ? 'dashboard.chart.unit.hour' : 'dashboard.chart.unit.day'),
              })}
            </span>
          </span>
          <span
            className="inline-flex rounded-md border border-slate-200 p-0.5 text-xs dark:border-slate-700"
            role="group"
            data-testid="series-range"
          >
            {seriesRanges.map((r) => (
              <button
                key={r}
                type="button"
                aria-pressed={r === range}
                data-testid={`series-range-${r}`}
                onClick={() => setRange(r)}
                className={`rounded px-2 py-0.5 ${r === range ? 'bg-blue-600 text-white' : 'text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`}
              >
                {t(`dashboard.range.${r}`)}
              </button>
            ))}
          </span>
        </div>
      }
    >
      <div
        className="h-64 text-slate-500 dark:text-slate-400"
        data-testid="series-chart"
        data-range={range}
        data-buckets={series.data?.buckets.length ?? 0}
      >
        {empty ? (
          <ChartEmpty />
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
              <CartesianGrid stroke={gridStroke} vertical={false} />
              <XAxis dataKey="name" tick={axisTick} interval="preserveStartEnd" minTickGap={12} />
              <YAxis tick={axisTick} allowDecimals={false} />
              <Tooltip
                cursor={{ fill: 'rgba(148,163,184,0.12)' }}
                content={(p) => (
                  <ChartTooltip
                    active={p.active}
                    payload={p.payload as never}
                    label={(p.payload?.[0]?.payload as { title?: string } | undefined)?.title ?? p.label}
                  />
                )}
              />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {statuses.map((s) => (
                <Bar
                  key={s}
                  dataKey={s}
                  name={t(statusLabelKey[s])}
                  stackId="runs"
                  fill={finalStatusColors[s]}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        )}
      </div>
    </Card>
  );
}
