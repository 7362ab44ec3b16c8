'use client';
import { useQuery } from '@tanstack/react-query';
import { useT } from '@/components/i18n/i18n-provider';
import { Badge, When, tableBox, tbody, td, th, thead } from '@/components/settings/settings-format';
import { useTRPC } from '@/components/trpc/trpc-client';

const tone = { sent: 'green', failed: 'red', pending: 'amber' } as const;

/** A rule's delivery log: one row per message and channel, with the receiver's answer. */
export function DeliveryLog({ ruleId }: { ruleId: string }) {
  const t = useT();
  const trpc = useTRPC();
  const log = useQuery({
    ...trpc.alerts.deliveries.queryOptions({ id: ruleId, page_size: 20 }),
    refetchInterval: 5_000,
  });
  if (log.error)
    return (
      <p role="alert" className="text-sm text-red-600">
        {log.error.message}
      </p>
    );
  if (!log.data) return null;
  if (log.data.items.length === 0)
    return (
      <p className="text-xs text-slate-500" data-testid={`deliveries-empty-${ruleId}`}>
        {t('alerts.deliveries.empty')}
      </p>
    );
  return (
    <div className={tableBox}>
      <table className="w-full border-collapse text-xs" data-testid={`deliveries-${ruleId}`}>
        <thead className={thead}>
          <tr>
            <th className={th}>{t('alerts.deliveries.when')}</th>
            <th className={th}>{t('alerts.deliveries.event')}</th>
            <th className={th}>{t('alerts.deliveries.channel')}</th>
            <th className={th}>{t('alerts.deliveries.status')}</th>
            <th className={th}>{t('alerts.deliveries.attempts')}</th>
            <th className={th}>{t('alerts.deliveries.code')}</th>
            <th className={th}>{t('alerts.deliveries.error')}</th>
          </tr>
        </thead>
        <tbody className={tbody}>
          {log.data.items.map((d) => (
            <tr key={d.id} data-testid="delivery-row">
              <td className={td}>
                <When iso={d.created_at} />
              </td>
              <td className={td} title={d.title}>
                {d.event}
              </td>
              <td className={td}>{d.channel_name}</td>
              <td className={td}>
                <Badge tone={tone[d.status]}>{t(`alerts.deliveries.status.${d.status}`)}</Badge>
              </td>
              <td className={td}>{d.attempts}</td>
              <td className={td}>{d.response_code ?? '-'}</td>
              <td className={`${td} max-w-xs truncate`} title={d.error ?? ''}>
                {d.error ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
