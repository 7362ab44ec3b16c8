'use client';
import { useQuery } from '@tanstack/react-query';
import { useT } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/trpc-client';
import { CreateUserForm } from './create-user-form';
import { UsersTable } from './users-table';

export function UsersPanel() {
  const t = useT();
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const users = useQuery(trpc.users.list.queryOptions());
  return (
    <div className="space-y-4" data-testid="users-panel">
      <CreateUserForm />
      {users.error && (
        <p role="alert" className="text-sm text-red-600">
          {users.error.message}
        </p>
      )}
      {users.data ? (
        <UsersTable users={users.data} meId={me.data?.id ?? null} />
      ) : (
        !users.error && <p className="text-sm text-slate-500">{t('common.loading')}</p>
      )}
    </div>
  );
}
