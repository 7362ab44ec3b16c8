'use client';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useT } from '@/components/i18n/i18n-provider';
import { triggerLabelKey } from '@/components/executions/execution-labels';
import { formatDuration } from '@/components/executions/format';
import { Card } from '@/components/ui/card';
import { axisTick, CategoryTick, ChartEmpty, ChartTooltip, gridStroke } from './chart-parts';
import type { Overview } from './dashboard-types';

interface Row {
  name: string;
  value: number;
  title?: string;
}

/** A horizontal bar chart of labelled counts: the shape of every breakdown below. */
function BarList(props: { rows: Row[]; color: string; seriesName: string; testId: string; labelWidth?: number }) {
  if (props.rows.every((r) => r.value === 0)) return <ChartEmpty />;
  const height = Math.max(120, props.rows.length * 30 + 24);
  const labelWidth = props.labelWidth ?? 160;
  return (
    <div
      className="text-slate-500 dark:text-slate-400"
      style={{ height }}
      data-testid={props.testId}
      data-rows={props.rows.length}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={props.rows} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={gridStroke} horizontal={false} />
          <XAxis type="number" tick={axisTick} allowDecimals={false} />
          <YAxis
            type="category"
            dataKey="name"
            tick={(p: object) => <CategoryTick {...p} width={labelWidth} />}
            width={labelWidth}
            interval={0}
          />
          <Tooltip
            cursor={{ fill: 'rgba(148,163,184,0.12)' }}
            content={(p) => (
              <ChartTooltip
                active={p.active}
                payload={p.payload as never}
                label={(p.payload?.[0]?.payload as Row | undefined)?.title ?? p.label}
              />
            )}
          />
          <Bar dataKey="value" name={props.seriesName} isAnimationActive={false} radius={[0, 3, 3, 0]}>
            {props.rows.map((r) => (
              <Cell key={r.name} fill={props.color} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function DurationDistributionChart({ overview }: { overview: Overview }) {
  const t = useT();
  const rows = overview.duration_distribution.map((b) => {
    const name =
      b.min_ms === 0
        ? t('dashboard.dist.below', { max: formatDuration(b.max_ms, t) })
        : b.max_ms == null
          ? t('dashboard.dist.above', { min: formatDuration(b.min_ms, t) })
          : t('dashboard.dist.between', { min: formatDuration(b.min_ms, t), max: formatDuration(b.max_ms, t) });
    return { name, value: b.count };
  });
  return (
    <Card title={t('dashboard.chart.duration')}>
      <BarList
        rows={rows}
        color="#2563eb"
        seriesName={t('dashboard.chart.runs')}
        testId="chart-duration"
        labelWidth={130}
      />
    </Card>
  );
}

export function TriggerChart({ overview }: { overview: Overview }) {
  const t = useT();
  const rows = overview.by_trigger.map((r) => ({ name: t(triggerLabelKey[r.trigger_type]), value: r.count }));
  return (
    <Card title={t('dashboard.chart.triggers')}>
      <BarList
        rows={rows}
        color="#7c3aed"
        seriesName={t('dashboard.chart.runs')}
        testId="chart-triggers"
        labelWidth={90}
      />
    </Card>
  );
}

export function TopFailingChart({ overview }: { overview: Overview }) {
  const t = useT();
  const rows = overview.top_failing.map((r) => {
    const name = r.script_name ?? t('dashboard.chart.deletedScript');
    const rate = t('dashboard.chart.failureRate', { pct: `${(r.failure_rate * 100).toFixed(1)} %` });
    return { name, value: r.failed, title: `${name} · ${rate}` };
  });
  return (
    <Card title={t('dashboard.chart.topFailing')}>
      {rows.length ? (
        <BarList rows={rows} color="#dc2626" seriesName={t('dashboard.chart.failed')} testId="chart-top-failing" />
      ) : (
        <ChartEmpty />
      )}
    </Card>
  );
}

export function MostRunChart({ overview }: { overview: Overview }) {
  const t = useT();
  const rows = overview.most_run.map((r) => {
    const name = r.script_name ?? t('dashboard.chart.deletedScript');
    return { name, value: r.total, title: name };
  });
  return (
    <Card title={t('dashboard.chart.mostRun')}>
      {rows.length ? (
        <BarList rows={rows} color="#16a34a" seriesName={t('dashboard.chart.runs')} testId="chart-most-run" />
      ) : (
        <ChartEmpty />
      )}
    </Card>
  );
}

export function TemplateUsageChart({ overview }: { overview: Overview }) {
  const t = useT();
  const rows = overview.template_usage.map((r) => ({ name: r.name, value: r.usage_count, title: r.name }));
  return (
    <Card title={t('dashboard.chart.templates')}>
      {rows.length ? (
        <BarList rows={rows} color="#0891b2" seriesName={t('dashboard.chart.uses')} testId="chart-templates" />
      ) : (
        <ChartEmpty />
      )}
    </Card>
  );
}
