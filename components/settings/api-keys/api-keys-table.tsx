'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { ApiKeyDto } from '@/server/apikeys/apikeys.schema';
import { Badge, roleLabel, tableBox, tbody, td, th, thead, When } from '../settings-format';

function state(k: ApiKeyDto, now: number): 'revoked' | 'expired' | 'active' {
  if (k.revoked_at) return 'revoked';
  if (k.expires_at && new Date(k.expires_at).getTime() <= now) return 'expired';
  return 'active';
}

export function ApiKeysTable({ keys }: { keys: ApiKeyDto[] }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [revoking, setRevoking] = useState<ApiKeyDto | null>(null);
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        setRevoking(null);
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
      },
    }),
  );
  const [now] = useState(() => Date.now());
  if (keys.length === 0)
    return (
      <p className="text-sm text-slate-500" data-testid="keys-empty">
        {t('settings.keys.empty')}
      </p>
    );
  return (
    <div className={tableBox}>
      <table className="w-full border-collapse text-sm" data-testid="keys-table">
        <thead className={thead}>
          <tr>
            <th className={th}>{t('settings.keys.name')}</th>
            <th className={th}>{t('settings.keys.prefix')}</th>
            <th className={th}>{t('settings.role')}</th>
            <th className={th}>{t('settings.keys.owner')}</th>
            <th className={th}>{t('settings.keys.lastUsed')}</th>
            <th className={th}>{t('settings.keys.expires')}</th>
            <th className={th}>{t('settings.keys.state')}</th>
            <th className={th} />
          </tr>
        </thead>
        <tbody className={tbody}>
          {keys.map((k) => {
            const s = state(k, now);
            return (
              <tr key={k.id} data-testid={`key-row-${k.name}`} className={s === 'active' ? '' : 'text-slate-400'}>
                <td className={`${td} font-medium`}>{k.name}</td>
                <td className={`${td} font-mono text-xs`} data-testid="key-prefix">
                  {k.prefix}_…
                </td>
                <td className={td}>{t(roleLabel[k.role])}</td>
                <td className={`${td} text-slate-600 dark:text-slate-400`}>{k.user_email ?? t('settings.none')}</td>
                <td className={`${td} whitespace-nowrap`}>
                  <When iso={k.last_used_at} empty={t('settings.never')} />
                </td>
                <td className={`${td} whitespace-nowrap`}>
                  <When iso={k.expires_at} empty={t('settings.never')} />
                </td>
                <td className={td} data-testid="key-state">
                  {s === 'active' && <Badge tone="green">{t('settings.keys.active')}</Badge>}
                  {s === 'expired' && <Badge tone="amber">{t('settings.keys.expired')}</Badge>}
                  {s === 'revoked' && <Badge tone="slate">{t('settings.keys.revoked')}</Badge>}
                </td>
                <td className={`${td} text-right`}>
                  {!k.revoked_at && (
                    <Button
                      variant="secondary"
                      className="text-xs"
                      onClick={() => setRevoking(k)}
                      data-testid="revoke-key"
                    >
                      {t('settings.keys.revoke')}
                    </Button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ConfirmDialog
        open={revoking !== null}
        title={revoking ? t('settings.keys.revokeTitle', { name: revoking.name }) : ''}
        confirmLabel={t('settings.keys.revoke')}
        cancelLabel={t('common.cancel')}
        variant="danger"
        pending={revoke.isPending}
        error={revoke.error?.message}
        onCancel={() => {
          setRevoking(null);
          revoke.reset();
        }}
        onConfirm={() => revoking && revoke.mutate({ id: revoking.id })}
      >
        {t('settings.keys.revokeBody')}
      </ConfirmDialog>
    </div>
  );
}
