'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Field, Input, Select } from '@/components/ui/field';
import { formatDateTime } from '@/components/ui/format-date';
import { serverProblem } from '@/components/scripts/server-problem';
import { roles, type Role } from '@/server/auth/roles.shared';
import { Badge, isRole, roleLabel, tableBox, tbody, td, th, thead, When } from '../settings-format';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  locked: boolean;
  last_login_at: string | null;
  recent_failures?: { count: number; last_at: string; last_ip: string | null; addresses: number } | null;
}

type Pending = { kind: 'disable'; user: UserRow } | { kind: 'reset'; user: UserRow } | null;

export function UsersTable({ users, meId }: { users: UserRow[]; meId: string | null }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<Pending>(null);
  const [password, setPassword] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const update = useMutation(
    trpc.users.update.mutationOptions({
      onSuccess: async () => {
        setPending(null);
        await refresh();
      },
    }),
  );
  const reset = useMutation(
    trpc.users.resetPassword.mutationOptions({
      onSuccess: async (u) => {
        setPending(null);
        setPassword('');
        setNotice(t('settings.users.passwordReset', { email: u.email }));
        await refresh();
      },
    }),
  );

  const changeRole = (u: UserRow, role: Role) => {
    setNotice(null);
    update.mutate(
      { id: u.id, patch: { role } },
      { onSuccess: () => setNotice(t('settings.users.roleChanged', { email: u.email, role: t(roleLabel[role]) })) },
    );
  };
  const closeDialog = () => {
    setPending(null);
    setPassword('');
    reset.reset();
    update.reset();
  };

  return (
    <div className="space-y-2">
      {update.error && !pending && (
        <p role="alert" className="text-sm text-red-600">
          {update.error.message}
        </p>
      )}
      {notice && (
        <p role="status" className="text-sm text-green-700 dark:text-green-400" data-testid="users-notice">
          {notice}
        </p>
      )}
      <div className={tableBox}>
        <table className="w-full border-collapse text-sm" data-testid="users-table">
          <thead className={thead}>
            <tr>
              <th className={th}>{t('settings.users.email')}</th>
              <th className={th}>{t('settings.users.name')}</th>
              <th className={th}>{t('settings.role')}</th>
              <th className={th}>{t('settings.users.status')}</th>
              <th className={th}>{t('settings.users.lastLogin')}</th>
              <th className={th}>{t('settings.users.actions')}</th>
            </tr>
          </thead>
          <tbody className={tbody}>
            {users.map((u) => {
              const self = u.id === meId;
              return (
                <tr key={u.id} data-testid={`user-row-${u.email}`}>
                  <td className={`${td} font-medium`}>
                    {u.email}
                    {self && (
                      <span className="ml-1.5 text-xs font-normal text-slate-500">({t('settings.users.you')})</span>
                    )}
                  </td>
                  <td className={`${td} text-slate-600 dark:text-slate-400`}>{u.name || t('settings.none')}</td>
                  <td className={td}>
                    <div className="w-36">
                      {/* Your own role is fixed here: the service refuses self-demotion anyway. */}
                      <Select
                        value={u.role}
                        disabled={self || update.isPending}
                        aria-label={t('settings.users.changeRole', { email: u.email })}
                        onChange={(e) => isRole(e.target.value) && changeRole(u, e.target.value)}
                        data-testid="user-role"
                      >
                        {roles.map((r) => (
                          <option key={r} value={r}>
                            {t(roleLabel[r])}
                          </option>
                        ))}
                      </Select>
                    </div>
                  </td>
                  <td className={td}>
                    <div className="flex gap-1">
                      {u.disabled ? (
                        <Badge tone="slate" testId="user-disabled">
                          {t('settings.users.disabled')}
                        </Badge>
                      ) : (
                        <Badge tone="green">{t('settings.users.active')}</Badge>
                      )}
                      {u.locked && (
                        <Badge tone="red" title={t('settings.users.lockedHint')} testId="user-locked">
                          {t('settings.users.locked')}
                        </Badge>
                      )}
                      {u.recent_failures && (
                        <Badge
                          tone="amber"
                          title={t('settings.users.failuresHint', {
                            ip: u.recent_failures.last_ip ?? '?',
                            at: formatDateTime(u.recent_failures.last_at),
                            addresses: u.recent_failures.addresses,
                          })}
                          testId="user-recent-failures"
                        >
                          {t('settings.users.failures', { n: u.recent_failures.count })}
                        </Badge>
                      )}
                    </div>
                  </td>
                  <td className={`${td} whitespace-nowrap text-slate-600 dark:text-slate-400`}>
                    <When iso={u.last_login_at} empty={t('settings.never')} />
                  </td>
                  <td className={`${td} whitespace-nowrap`}>
                    <div className="flex gap-1">
                      {!self &&
                        (u.disabled ? (
                          <Button
                            variant="secondary"
                            className="text-xs"
                            disabled={update.isPending}
                            onClick={() => update.mutate({ id: u.id, patch: { disabled: false } })}
                            data-testid="user-enable"
                          >
                            {t('settings.users.enable')}
                          </Button>
                        ) : (
                          <Button
                            variant="secondary"
                            className="text-xs"
                            onClick={() => setPending({ kind: 'disable', user: u })}
                            data-testid="user-disable"
                          >
                            {t('settings.users.disable')}
                          </Button>
                        ))}
                      <Button
                        variant="secondary"
                        className="text-xs"
                        onClick={() => setPending({ kind: 'reset', user: u })}
                        data-testid="user-reset-password"
                      >
                        {t('settings.users.resetPassword')}
                      </Button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={pending?.kind === 'disable'}
        title={pending ? t('settings.users.disableTitle', { email: pending.user.email }) : ''}
        confirmLabel={t('settings.users.disable')}
        cancelLabel={t('common.cancel')}
        variant="danger"
        pending={update.isPending}
        error={pending?.kind === 'disable' ? update.error?.message : null}
        onCancel={closeDialog}
        onConfirm={() => pending && update.mutate({ id: pending.user.id, patch: { disabled: true } })}
      >
        {t('settings.users.disableBody')}
      </ConfirmDialog>
      <ConfirmDialog
        open={pending?.kind === 'reset'}
        title={pending ? t('settings.users.resetTitle', { email: pending.user.email }) : ''}
        confirmLabel={t('settings.users.resetPassword')}
        cancelLabel={t('common.cancel')}
        pending={reset.isPending}
        error={reset.error && !serverProblem(reset.error)?.byField.password ? reset.error.message : null}
        onCancel={closeDialog}
        onConfirm={() => pending && reset.mutate({ id: pending.user.id, password })}
      >
        <div className="space-y-2">
          <p>{t('settings.users.resetBody')}</p>
          <Field
            label={t('settings.users.newPassword')}
            hint={t('settings.users.passwordRule')}
            error={serverProblem(reset.error)?.byField.password}
          >
            <Input
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="new-password"
              data-testid="reset-password-input"
            />
          </Field>
        </div>
      </ConfirmDialog>
    </div>
  );
}
