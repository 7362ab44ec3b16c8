'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { Badge } from '@/components/settings/settings-format';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { ConfirmDelete } from '@/components/ui/confirm-delete';
import type { RuleDto } from '@/server/alerts/alerts.schema';
import { DeliveryLog } from './delivery-log';

/** Rules with what they listen for and where they send; each opens its delivery log. */
export function RuleList({ rules, emptyText }: { rules: RuleDto[]; emptyText: string }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const channels = useQuery(trpc.alerts.channels.queryOptions());
  const [open, setOpen] = useState<string | null>(null);
  const [pending, setPending] = useState<RuleDto | null>(null);
  const remove = useMutation(
    trpc.alerts.deleteRule.mutationOptions({
      onSuccess: async () => {
        setPending(null);
        await queryClient.invalidateQueries({ queryKey: trpc.alerts.rules.queryKey() });
      },
    }),
  );
  const channelName = (id: string) => channels.data?.items.find((c) => c.id === id)?.name ?? id.slice(0, 8);
  const targetText = (r: RuleDto) =>
    [t(`alerts.rule.target.${r.target.type}`), r.target.name ?? r.target.tag].filter(Boolean).join(' ');
  if (rules.length === 0)
    return (
      <p className="text-sm text-slate-500" data-testid="alert-rules-empty">
        {emptyText}
      </p>
    );
  return (
    <ul className="space-y-2" data-testid="alert-rules">
      {rules.map((r) => (
        <li
          key={r.id}
          className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-800"
          data-testid={`alert-rule-${r.name}`}
        >
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{r.name}</span>
            {!r.enabled && <Badge tone="slate">{t('alerts.channel.disabled')}</Badge>}
            <Badge tone="slate">{r.language}</Badge>
            <span className="text-xs text-slate-500">
              {t('alerts.rule.summary', {
                events: r.on.map((e) => t(`alerts.rule.on.${e}`)).join(', '),
                target: targetText(r),
                throttle: r.throttle_minutes,
              })}
            </span>
            <span className="text-xs text-slate-500">→ {r.channel_ids.map(channelName).join(', ')}</span>
            <span className="ml-auto flex gap-2">
              <Button
                variant="secondary"
                onClick={() => setOpen(open === r.id ? null : r.id)}
                data-testid={`alert-rule-log-${r.name}`}
              >
                {t(open === r.id ? 'alerts.rule.hideDeliveries' : 'alerts.rule.deliveries')}
              </Button>
              {r.editable && (
                <Button variant="secondary" onClick={() => setPending(r)} data-testid={`delete-alert-rule-${r.name}`}>
                  {t('alerts.rule.delete')}
                </Button>
              )}
            </span>
          </div>
          {open === r.id && <DeliveryLog ruleId={r.id} />}
        </li>
      ))}
      <ConfirmDelete
        target={pending}
        onClose={() => setPending(null)}
        remove={remove}
        title={t('alerts.rule.deleteTitle', { name: pending?.name ?? '' })}
        confirmLabel={t('alerts.rule.delete')}
        cancelLabel={t('alerts.cancel')}
      >
        {t('alerts.rule.deleteBody')}
      </ConfirmDelete>
    </ul>
  );
}
