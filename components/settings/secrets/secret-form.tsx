'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { serverProblem } from '@/components/scripts/server-problem';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field, Input } from '@/components/ui/field';

/** Creates a secret. The value field is write-only: it is cleared once saved and never filled from the server. */
export function SecretForm() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ name: '', value: '', description: '' });
  const [saved, setSaved] = useState<string | null>(null);
  const upsert = useMutation(
    trpc.secrets.upsert.mutationOptions({
      onSuccess: async (s) => {
        setForm({ name: '', value: '', description: '' });
        setSaved(t('settings.secrets.saved', { name: s.name }));
        await queryClient.invalidateQueries({ queryKey: trpc.secrets.list.queryKey() });
      },
    }),
  );
  const problem = serverProblem(upsert.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    upsert.mutate(form);
  };
  return (
    <Card title={t('settings.secrets.new')}>
      <form
        onSubmit={submit}
        className="grid items-start gap-3 sm:grid-cols-2 lg:grid-cols-4"
        data-testid="secret-form"
      >
        <Field label={t('settings.secrets.name')} hint={t('settings.secrets.nameRule')} error={problem?.byField.name}>
          <Input
            required
            value={form.name}
            maxLength={64}
            pattern="[A-Z][A-Z0-9_]*"
            onChange={(e) => setForm({ ...form, name: e.target.value.toUpperCase() })}
            className="font-mono"
            data-testid="secret-name"
          />
        </Field>
        <Field
          label={t('settings.secrets.value')}
          hint={t('settings.secrets.valueHint')}
          error={problem?.byField.value}
        >
          <Input
            type="password"
            required
            value={form.value}
            onChange={(e) => setForm({ ...form, value: e.target.value })}
            autoComplete="new-password"
            data-testid="secret-value"
          />
        </Field>
        <Field label={t('settings.secrets.description')} error={problem?.byField.description}>
          <Input
            value={form.description}
            maxLength={500}
            onChange={(e) => setForm({ ...form, description: e.target.value })}
            data-testid="secret-description"
          />
        </Field>
        <div className="flex justify-end pt-5">
          <Button type="submit" disabled={upsert.isPending} data-testid="save-secret">
            {t('settings.secrets.save')}
          </Button>
        </div>
      </form>
      {problem && !Object.keys(problem.byField).length && (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {problem.message}
        </p>
      )}
      {saved && (
        <p role="status" className="mt-2 text-sm text-green-700 dark:text-green-400" data-testid="secret-saved">
          {saved}
        </p>
      )}
    </Card>
  );
}
