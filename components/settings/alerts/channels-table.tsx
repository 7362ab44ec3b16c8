'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { ConfirmDelete } from '@/components/ui/confirm-delete';
import type { ChannelDto, ChannelTestDto } from '@/server/alerts/alerts.schema';
import { Badge, tableBox, tbody, td, th, thead } from '../settings-format';

const destination = (c: ChannelDto) =>
  c.type === 'email'
    ? `${String(c.config.host)}:${String(c.config.port)} → ${(c.config.to as string[] | undefined)?.join(', ') ?? ''}`
    : String(c.config.url ?? '');

/** Channels with their (redacted) destination, a test button and, for admins, enable and delete. */
export function ChannelsTable({ channels, canManage }: { channels: ChannelDto[]; canManage: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [results, setResults] = useState<Record<string, ChannelTestDto>>({});
  const [pending, setPending] = useState<ChannelDto | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.channels.queryKey() });
  const test = useMutation(
    trpc.alerts.testChannel.mutationOptions({
      onSuccess: (r, vars) => setResults((prev) => ({ ...prev, [vars.id]: r })),
    }),
  );
  const update = useMutation(trpc.alerts.updateChannel.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(
    trpc.alerts.deleteChannel.mutationOptions({
      onSuccess: async () => {
        setPending(null);
        await refresh();
      },
    }),
  );
  if (channels.length === 0)
    return (
      <p className="text-sm text-slate-500" data-testid="alert-channels-empty">
        {t('alerts.channels.empty')}
      </p>
    );
  return (
    <div className={tableBox}>
      <table className="w-full border-collapse text-sm" data-testid="alert-channels-table">
        <thead className={thead}>
          <tr>
            <th className={th}>{t('alerts.channel.name')}</th>
            <th className={th}>{t('alerts.channel.type')}</th>
            <th className={th}>{t('alerts.channel.target')}</th>
            <th className={th} />
          </tr>
        </thead>
        <tbody className={tbody}>
          {channels.map((c) => {
            const r = results[c.id];
            return (
              <tr key={c.id} data-testid={`alert-channel-row-${c.name}`}>
                <td className={`${td} font-medium`}>
                  {c.name} {!c.enabled && <Badge tone="slate">{t('alerts.channel.disabled')}</Badge>}
                </td>
                <td className={td}>{t(`alerts.channel.type.${c.type}`)}</td>
                <td className={`${td} max-w-sm`}>
                  <span className="block truncate font-mono text-xs" title={destination(c)}>
                    {destination(c)}
                  </span>
                  {(c.config.has_secret === true || c.config.has_password === true) && (
                    <Badge tone="green">{t('alerts.channel.secretSet')}</Badge>
                  )}
                  {r && (
                    <span
                      role="status"
                      className={`block text-xs ${r.ok ? 'text-green-700 dark:text-green-400' : 'text-red-600'}`}
                      data-testid={`alert-channel-test-result-${c.name}`}
                    >
                      {r.ok
                        ? t('alerts.channel.testOk', { code: r.response_code ?? '-', ms: r.duration_ms })
                        : t('alerts.channel.testFailed', { error: r.error ?? '' })}
                    </span>
                  )}
                </td>
                <td className={`${td} whitespace-nowrap text-right`}>
                  {canManage && (
                    <span className="flex justify-end gap-2">
                      <Button
                        variant="secondary"
                        disabled={test.isPending}
                        onClick={() => test.mutate({ id: c.id })}
                        data-testid={`test-alert-channel-${c.name}`}
                      >
                        {t('alerts.channel.test')}
                      </Button>
                      <Button
                        variant="secondary"
                        onClick={() => update.mutate({ id: c.id, patch: { enabled: !c.enabled } })}
                        data-testid={`toggle-alert-channel-${c.name}`}
                      >
                        {t(c.enabled ? 'alerts.channel.disable' : 'alerts.channel.enable')}
                      </Button>
                      <Button
                        variant="secondary"
                        onClick={() => setPending(c)}
                        data-testid={`delete-alert-channel-${c.name}`}
                      >
                        {t('alerts.channel.delete')}
                      </Button>
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ConfirmDelete
        target={pending}
        onClose={() => setPending(null)}
        remove={remove}
        title={t('alerts.channel.deleteTitle', { name: pending?.name ?? '' })}
        confirmLabel={t('alerts.channel.delete')}
        cancelLabel={t('alerts.cancel')}
      >
        {t('alerts.channel.deleteBody')}
      </ConfirmDelete>
    </div>
  );
}
