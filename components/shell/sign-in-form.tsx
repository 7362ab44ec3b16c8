'use client';
import { signIn } from 'next-auth/react';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import type { MessageKey } from '@/components/i18n/locale';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { AuthCard } from './auth-card';

const errorKeys: Record<string, MessageKey> = {
  invalid: 'signin.error.invalid',
  locked: 'signin.error.locked',
  disabled: 'signin.error.disabled',
};

export function SignInForm() {
  const t = useT();
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const res = await signIn('credentials', {
      email: form.get('email'),
      password: form.get('password'),
      redirect: false,
    });
    setBusy(false);
    if (res?.ok && !res.error) {
      const next = params.get('next');
      router.replace(next && next.startsWith('/') && !next.startsWith('//') ? next : '/');
      router.refresh();
    } else {
      const throttled = /^throttled:(\d+)$/.exec(res?.error ?? '');
      setError(
        throttled
          ? t('signin.error.throttled', { seconds: throttled[1]! })
          : t(errorKeys[res?.error ?? ''] ?? 'signin.error.unknown'),
      );
    }
  }

  return (
    <AuthCard title={t('signin.title')}>
      <form onSubmit={submit} className="space-y-3">
        <Field label={t('signin.email')}>
          <Input name="email" type="email" autoComplete="username" required autoFocus />
        </Field>
        <Field label={t('signin.password')}>
          <Input name="password" type="password" autoComplete="current-password" required />
        </Field>
        {error && (
          <p role="alert" className="text-sm text-red-600">
            {error}
          </p>
        )}
        <Button type="submit" disabled={busy} className="w-full">
          {t('signin.submit')}
        </Button>
      </form>
    </AuthCard>
  );
}
