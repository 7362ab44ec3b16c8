'use client';
import { useQuery } from '@tanstack/react-query';
import { useT } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Card } from '@/components/ui/card';

export function DashboardHealth() {
  const t = useT();
  const trpc = useTRPC();
  const ready = useQuery(trpc.health.ready.queryOptions(undefined, { refetchInterval: 10_000 }));
  const row = (label: string, value: string | undefined) => (
    <div className="flex justify-between text-sm">
      <span>{label}</span>
      <span className={value === 'ok' ? 'text-green-600' : 'text-red-600'}>
        {value === 'ok' ? t('dashboard.ok') : (value ?? t('common.loading'))}
      </span>
    </div>
  );
  return (
    <Card title={t('dashboard.health')} className="max-w-sm">
      {row(t('dashboard.postgres'), ready.data?.checks.postgres)}
      {row(t('dashboard.redis'), ready.data?.checks.redis)}
    </Card>
  );
}
