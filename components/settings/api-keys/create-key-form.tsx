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
import { roleRank } from '@/server/auth/roles.shared';
import { isRole, roleLabel } from '../settings-format';

const EXPIRY_DAYS = [7, 30, 90, 365] as const;

/** The expiry choice as the API wants it: null for never, end of the chosen local day for a date. */
export function expiryDate(choice: string, date: string, now = new Date()): Date | null {
  if (choice === 'never') return null;
  if (choice === 'custom') return date ? new Date(`${date}T23:59:59`) : null;
  return new Date(now.getTime() + Number(choice) * 24 * 3600_000);
}

export function CreateKeyForm(props: { myRole: Role; onCreated(key: { key: string; name: string }): void }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // A key's role is at most the creator's own role; higher ones are not offered.
  const choices = roles.filter((r) => roleRank[r] <= roleRank[props.myRole]);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>(choices.includes('operator') ? 'operator' : props.myRole);
  const [expiry, setExpiry] = useState('90');
  const [date, setDate] = useState('');
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async (k) => {
        setName('');
        props.onCreated({ key: k.key, name: k.name });
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
      },
    }),
  );
  const problem = serverProblem(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, role, expires_at: expiryDate(expiry, date) });
  };
  return (
    <Card title={t('settings.keys.create')}>
      <form
        onSubmit={submit}
        className="grid items-start gap-3 sm:grid-cols-2 lg:grid-cols-4"
        data-testid="create-key-form"
      >
        <Field label={t('settings.keys.name')} error={problem?.byField.name}>
          <Input
            required
            value={name}
            maxLength={100}
            placeholder={t('settings.keys.namePlaceholder')}
            onChange={(e) => setName(e.target.value)}
            data-testid="new-key-name"
          />
        </Field>
        <Field label={t('settings.role')} hint={t('settings.keys.roleHint')} error={problem?.byField.role}>
          <Select
            value={role}
            onChange={(e) => isRole(e.target.value) && setRole(e.target.value)}
            data-testid="new-key-role"
          >
            {choices.map((r) => (
              <option key={r} value={r}>
                {t(roleLabel[r])}
              </option>
            ))}
          </Select>
        </Field>
        <div className="space-y-2">
          <Field label={t('settings.keys.expiry')} error={problem?.byField.expires_at}>
            <Select value={expiry} onChange={(e) => setExpiry(e.target.value)} data-testid="new-key-expiry">
              <option value="never">{t('settings.keys.expiry.never')}</option>
              {EXPIRY_DAYS.map((d) => (
                <option key={d} value={String(d)}>
                  {t('settings.keys.expiry.days', { n: d })}
                </option>
              ))}
              <option value="custom">{t('settings.keys.expiry.custom')}</option>
            </Select>
          </Field>
          {expiry === 'custom' && (
            <Field label={t('settings.keys.expiryDate')}>
              <Input
                type="date"
                required
                value={date}
                min={new Date().toISOString().slice(0, 10)}
                onChange={(e) => setDate(e.target.value)}
                data-testid="new-key-date"
              />
            </Field>
          )}
        </div>
        <div className="flex justify-end pt-5">
          <Button type="submit" disabled={create.isPending} data-testid="create-key">
            {t('settings.keys.create')}
          </Button>
        </div>
      </form>
      {problem && !Object.keys(problem.byField).length && (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {problem.message}
        </p>
      )}
    </Card>
  );
}
