'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field, Input, Textarea } from '@/components/ui/field';

interface ServerError {
  message: string;
  data?: { details?: { field: string; message: string }[] } | null;
}

/** Name and description; the workflow starts as a draft with a start node wired to an end node. */
export function NewWorkflowForm() {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useMutation(trpc.workflows.create.mutationOptions());
  const details = (create.error as unknown as ServerError | null)?.data?.details ?? [];
  const fieldError = (f: string) => details.find((d) => d.field === f)?.message ?? null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name, description },
      {
        onSuccess: (w) => {
          void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
          router.push(`/workflows/${w.id}`);
        },
      },
    );
  };

  return (
    <div className="mx-auto max-w-xl space-y-4">
      <Link href="/workflows" className="text-sm text-slate-500 hover:text-slate-800 dark:hover:text-slate-200">
        ← {t('nav.workflows')}
      </Link>
      <h1 className="text-xl font-semibold">{t('workflows.new.title')}</h1>
      <Card>
        <form onSubmit={submit} className="space-y-4" data-testid="new-workflow-form">
          <Field label={t('workflows.field.name')} error={fieldError('name')}>
            <Input
              name="name"
              required
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.target.value)}
              data-testid="new-workflow-name"
              autoFocus
            />
          </Field>
          <Field label={t('workflows.field.description')} error={fieldError('description')}>
            <Textarea
              name="description"
              rows={3}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              data-testid="new-workflow-description"
            />
          </Field>
          <p className="text-xs text-slate-500">{t('workflows.new.hint')}</p>
          {create.error && !details.length && (
            <p role="alert" className="text-sm text-red-600">
              {create.error.message}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <Button type="submit" disabled={create.isPending || !name.trim()} data-testid="new-workflow-submit">
              {create.isPending ? t('workflows.new.creating') : t('workflows.new.create')}
            </Button>
          </div>
        </form>
      </Card>
    </div>
  );
}
