'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useRef } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/trpc-client';
import {
  DurationDistributionChart,
  MostRunChart,
  TemplateUsageChart,
  TopFailingChart,
  TriggerChart,
} from './breakdown-charts';
import { browserTimeZone } from './dashboard-types';
import { LiveSection } from './live-section';
import { SeriesChart } from './series-chart';
import { StatCards } from './stat-cards';
import { useLiveFeed } from './use-live-feed';

/**
 * Figures that change when runs end are refetched when the live feed says the statistics changed,
 * at most this often (the first change at once, a burst folded into one refetch a moment later).
 */
const REFRESH_THROTTLE_MS = 1_000;

export function DashboardView() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const timeZone = useMemo(browserTimeZone, []);
  const overview = useQuery(trpc.stats.overview.queryOptions({ time_zone: timeZone }));

  // Runs that reached the rollups make the overview and series stale; refresh them, throttled.
  const last = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onStatsChanged = useCallback(() => {
    if (pending.current) return;
    const wait = Math.max(0, last.current + REFRESH_THROTTLE_MS - Date.now());
    pending.current = setTimeout(() => {
      pending.current = null;
      last.current = Date.now();
      void queryClient.invalidateQueries({ queryKey: trpc.stats.overview.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.stats.series.queryKey() });
    }, wait);
  }, [queryClient, trpc]);
  const feed = useLiveFeed(onStatsChanged);
  const live =
    feed.connection === 'connected' && feed.snapshot
      ? { running: feed.snapshot.running, queued: feed.snapshot.queued }
      : null;
  const o = overview.data;

  return (
    <div className="space-y-4" data-testid="dashboard">
      {overview.error && (
        <p
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700 dark:border-red-900 dark:bg-red-950 dark:text-red-300"
          role="alert"
        >
          {t('dashboard.error', { message: overview.error.message })}
        </p>
      )}
      <StatCards overview={o} live={live} />
      <div className="grid gap-4 lg:grid-cols-2">
        <SeriesChart />
        <LiveSection feed={feed} />
        {o && (
          <>
            <DurationDistributionChart overview={o} />
            <TriggerChart overview={o} />
            <TopFailingChart overview={o} />
            <MostRunChart overview={o} />
            <TemplateUsageChart overview={o} />
          </>
        )}
      </div>
    </div>
  );
}
