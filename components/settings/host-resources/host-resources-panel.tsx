'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { useCan } from '@/components/shell/permissions';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { ConfirmDelete } from '@/components/ui/confirm-delete';
import type { HostResourceDto } from '@/server/host-resources/host-resources.schema';
import { Badge, roleLabel, tableBox, tbody, td, th, thead } from '../settings-format';
import { HostResourceForm } from './host-resource-form';

/** Settings → Host resources: what exists, who may grant it, and which scripts use each. */
export function HostResourcesPanel() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canManage = useCan('hostresource.manage');
  const list = useQuery(trpc.hostResources.list.queryOptions());
  const [pending, setPending] = useState<HostResourceDto | null>(null);
  const remove = useMutation(
    trpc.hostResources.delete.mutationOptions({
      onSuccess: async () => {
        setPending(null);
        await queryClient.invalidateQueries({ queryKey: trpc.hostResources.list.queryKey() });
      },
    }),
  );
  const items = list.data?.items;
  return (
    <div className="space-y-4" data-testid="host-resources-panel">
      <div className="space-y-1 text-sm text-slate-600 dark:text-slate-400">
        <p>{t('hostResources.intro')}</p>
        <p>{t('hostResources.uidHint')}</p>
      </div>
      {canManage && <HostResourceForm />}
      {list.error && (
        <p role="alert" className="text-sm text-red-600">
          {list.error.message}
        </p>
      )}
      {items && items.length === 0 && (
        <p className="text-sm text-slate-500" data-testid="host-resources-empty">
          {t('hostResources.empty')}
        </p>
      )}
      {items && items.length > 0 && (
        <div className={tableBox}>
          <table className="w-full border-collapse text-sm" data-testid="host-resources-table">
            <thead className={thead}>
              <tr>
                <th className={th}>{t('hostResources.name')}</th>
                <th className={th}>{t('hostResources.path')}</th>
                <th className={th}>{t('hostResources.kind')}</th>
                <th className={th}>{t('hostResources.mode')}</th>
                <th className={th}>{t('hostResources.grantRoles')}</th>
                <th className={th}>{t('hostResources.usedBy')}</th>
                {canManage && <th className={th} />}
              </tr>
            </thead>
            <tbody className={tbody}>
              {items.map((r) => (
                <tr key={r.id} data-testid={`host-resource-row-${r.name}`}>
                  <td className={`${td} font-mono font-medium`} title={r.description}>
                    {r.name}
                  </td>
                  <td className={`${td} font-mono`}>{r.path}</td>
                  <td className={td}>{t(`hostResources.kind.${r.kind}`)}</td>
                  <td className={td}>
                    <Badge tone={r.mode === 'read-write' ? 'amber' : 'slate'}>
                      {t(`hostResources.mode.${r.mode}`)}
                    </Badge>
                  </td>
                  <td className={td}>
                    {[t(roleLabel.admin), ...r.grant_roles.map((role) => t(roleLabel[role]))].join(', ')}
                    {r.grant_user_ids.length ? ` +${r.grant_user_ids.length}` : ''}
                  </td>
                  <td className={td} data-testid={`host-resource-users-${r.name}`}>
                    {r.scripts.length === 0 ? (
                      <span className="text-slate-500">{t('hostResources.unused')}</span>
                    ) : (
                      <ul className="space-y-0.5">
                        {r.scripts.map((s) => (
                          <li key={s.id} className="flex items-center gap-2">
                            <Link href={`/scripts/${s.id}`} className="text-sky-700 hover:underline dark:text-sky-400">
                              {s.name}
                            </Link>
                            <Badge tone={s.state === 'granted' ? 'green' : 'red'}>
                              {t(`hostResources.state.${s.state}`)}
                            </Badge>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  {canManage && (
                    <td className={`${td} text-right`}>
                      <Button
                        variant="secondary"
                        onClick={() => setPending(r)}
                        data-testid={`delete-host-resource-${r.name}`}
                      >
                        {t('hostResources.delete')}
                      </Button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDelete
        target={pending}
        onClose={() => setPending(null)}
        remove={remove}
        title={t('hostResources.deleteTitle', { name: pending?.name ?? '' })}
        confirmLabel={t('hostResources.delete')}
        cancelLabel={t('hostResources.cancel')}
      >
        {t('hostResources.deleteBody')}
      </ConfirmDelete>
    </div>
  );
}
