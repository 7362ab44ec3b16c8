'use client';
import { useQuery } from '@tanstack/react-query';
import { RuleForm } from '@/components/alerts/rule-form';
import { RuleList } from '@/components/alerts/rule-list';
import { useT } from '@/components/i18n/i18n-provider';
import { useCan } from '@/components/shell/permissions';
import { useTRPC } from '@/components/trpc/trpc-client';
import { ChannelForm } from './channel-form';
import { ChannelsTable } from './channels-table';

/** Settings → Alerts: channels (admins manage them) and every rule with its delivery log. */
export function AlertsSettings() {
  const t = useT();
  const trpc = useTRPC();
  const canManageChannels = useCan('alert.channel.manage');
  const mayWriteRules = useCan('alert.rule.write');
  const channels = useQuery(trpc.alerts.channels.queryOptions());
  const rules = useQuery(trpc.alerts.rules.queryOptions());
  return (
    <div className="space-y-6" data-testid="alerts-settings">
      <p className="text-sm text-slate-600 dark:text-slate-400">{t('alerts.intro')}</p>
      <section className="space-y-3">
        <h2 className="text-base font-semibold">{t('alerts.channels')}</h2>
        <p className="text-xs text-slate-500">{t('alerts.channels.intro')}</p>
        {canManageChannels && <ChannelForm />}
        {channels.error && (
          <p role="alert" className="text-sm text-red-600">
            {channels.error.message}
          </p>
        )}
        {channels.data && <ChannelsTable channels={channels.data.items} canManage={canManageChannels} />}
      </section>
      <section className="space-y-3">
        <h2 className="text-base font-semibold">{t('alerts.rules')}</h2>
        {mayWriteRules && <RuleForm />}
        {rules.error && (
          <p role="alert" className="text-sm text-red-600">
            {rules.error.message}
          </p>
        )}
        {rules.data && <RuleList rules={rules.data.items} emptyText={t('alerts.rules.empty')} />}
      </section>
    </div>
  );
}
