'use client';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { formatDuration } from '@/components/executions/format';
import type { Overview } from './dashboard-types';

function StatCard(props: {
  label: string;
  value: ReactNode;
  sub?: ReactNode;
  testId: string;
  title?: string;
  tone?: 'default' | 'good' | 'warn' | 'bad';
}) {
  const tone = {
    default: 'text-slate-900 dark:text-slate-100',
    good: 'text-green-700 dark:text-green-400',
    warn: 'text-orange-600 dark:text-orange-400',
    bad: 'text-red-600 dark:text-red-400',
  }[props.tone ?? 'default'];
  return (
    <section
      className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm dark:border-slate-800 dark:bg-slate-900"
      data-testid={props.testId}
      title={props.title}
    >
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{props.label}</div>
      <div
        className={`mt-1 whitespace-nowrap text-2xl font-semibold tabular-nums ${tone}`}
        data-testid={`${props.testId}-value`}
      >
        {props.value}
      </div>
      {props.sub && <div className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">{props.sub}</div>}
    </section>
  );
}

const num = (n: number) => n.toLocaleString();

/** The headline numbers. Running and queued come from the live feed when it is connected. */
export function StatCards({
  overview,
  live,
}: {
  overview: Overview | undefined;
  live: { running: number; queued: number } | null;
}) {
  const t = useT();
  const o = overview;
  const dash = '—';
  const judged = o ? o.by_status.succeeded + o.by_status.failed + o.by_status.timed_out : 0;
  const rate = o?.success_rate;
  const rateTone = rate == null ? 'default' : rate >= 0.95 ? 'good' : rate >= 0.8 ? 'warn' : 'bad';
  const running = live?.running ?? o?.executions.running;
  const queued = live?.queued ?? o?.executions.queued;
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-8" data-testid="stat-cards">
      <StatCard
        testId="card-scripts"
        label={t('dashboard.card.scripts')}
        value={o ? num(o.scripts.total) : dash}
        sub={o && t('dashboard.card.active', { n: num(o.scripts.active) })}
      />
      <StatCard
        testId="card-workflows"
        label={t('dashboard.card.workflows')}
        value={o ? num(o.workflows.total) : dash}
        sub={o && t('dashboard.card.active', { n: num(o.workflows.active) })}
      />
      <StatCard
        testId="card-today"
        label={t('dashboard.card.today')}
        value={o ? num(o.executions.today) : dash}
        sub={o && t('dashboard.card.total', { n: num(o.executions.total) })}
      />
      <StatCard
        testId="card-success"
        label={t('dashboard.card.successRate')}
        title={t('dashboard.card.successRateHint')}
        tone={rateTone}
        value={rate == null ? dash : `${(rate * 100).toFixed(rate === 1 ? 0 : 1)}%`}
        sub={o && judged > 0 && t('dashboard.card.successOf', { ok: num(o.by_status.succeeded), judged: num(judged) })}
      />
      <StatCard
        testId="card-duration"
        label={t('dashboard.card.avgDuration')}
        value={formatDuration(o?.duration_ms.avg, t)}
        sub={o?.duration_ms.p95 != null && t('dashboard.card.p95', { value: formatDuration(o.duration_ms.p95, t) })}
      />
      <StatCard
        testId="card-running"
        label={t('dashboard.card.running')}
        value={running == null ? dash : num(running)}
        tone={running ? 'good' : 'default'}
      />
      <StatCard
        testId="card-queued"
        label={t('dashboard.card.queued')}
        value={queued == null ? dash : num(queued)}
        tone={queued && o && o.workers_connected === 0 ? 'warn' : 'default'}
      />
      <StatCard
        testId="card-workers"
        label={t('dashboard.card.workers')}
        value={o ? num(o.workers_connected) : dash}
        tone={o && o.workers_connected === 0 ? 'bad' : 'default'}
        sub={
          <Link href="/workers" className="text-blue-600 hover:underline dark:text-blue-400">
            {t('dashboard.card.workersLink')}
          </Link>
        }
      />
    </div>
  );
}
