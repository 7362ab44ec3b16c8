'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { AuthCard } from './auth-card';

export function SetupForm() {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.setup.createAdmin.mutationOptions({ onSuccess: () => router.replace('/signin') }));

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate({
      email: String(f.get('email')),
      name: String(f.get('name') ?? ''),
      password: String(f.get('password')),
    });
  }

  return (
    <AuthCard title={t('setup.title')}>
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">{t('setup.intro')}</p>
      <form onSubmit={submit} className="space-y-3">
        <Field label={t('setup.name')}>
          <Input name="name" />
        </Field>
        <Field label={t('signin.email')}>
          <Input name="email" type="email" required />
        </Field>
        <Field label={t('signin.password')} hint={t('setup.passwordRule')}>
          <Input name="password" type="password" autoComplete="new-password" required minLength={10} />
        </Field>
        {create.error && (
          <p role="alert" className="text-sm text-red-600">
            {create.error.message}
          </p>
        )}
        <Button type="submit" disabled={create.isPending} className="w-full">
          {t('setup.submit')}
        </Button>
      </form>
    </AuthCard>
  );
}
