'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { serverProblem } from '@/components/scripts/server-problem';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field, Input, Select } from '@/components/ui/field';
import { roles, type Role } from '@/server/auth/roles.shared';
import { roleLabel } from '../settings-format';

const empty = { email: '', name: '', role: 'viewer' as Role, password: '' };

export function CreateUserForm() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(empty);
  const [done, setDone] = useState<string | null>(null);
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async (u) => {
        setForm(empty);
        setDone(t('settings.users.created', { email: u.email }));
        await queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
      },
    }),
  );
  const problem = serverProblem(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    create.mutate(form);
  };
  return (
    <Card title={t('settings.users.create')}>
      <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" data-testid="create-user-form">
        <Field label={t('settings.users.email')} error={problem?.byField.email}>
          <Input
            type="email"
            required
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
            autoComplete="off"
            data-testid="new-user-email"
          />
        </Field>
        <Field label={t('settings.users.name')} error={problem?.byField.name}>
          <Input
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            maxLength={200}
            data-testid="new-user-name"
          />
        </Field>
        <Field label={t('settings.role')} error={problem?.byField.role}>
          <Select
            value={form.role}
            onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
            data-testid="new-user-role"
          >
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(roleLabel[r])}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('settings.users.password')} error={problem?.byField.password}>
          <Input
            type="password"
            required
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
            autoComplete="new-password"
            data-testid="new-user-password"
          />
        </Field>
        <p className="text-xs text-slate-500 sm:col-span-2 lg:col-span-3">
          {t('settings.users.passwordRule')} {t('settings.role.hint')}
        </p>
        <div className="flex items-start justify-end">
          <Button type="submit" disabled={create.isPending} data-testid="create-user">
            {t('settings.users.create')}
          </Button>
        </div>
      </form>
      {problem && !Object.keys(problem.byField).length && (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {problem.message}
        </p>
      )}
      {done && (
        <p role="status" className="mt-2 text-sm text-green-700 dark:text-green-400" data-testid="user-created">
          {done}
        </p>
      )}
    </Card>
  );
}
