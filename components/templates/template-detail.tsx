'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { useCan } from '@/components/shell/permissions';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { useLocalizedTemplate } from './localize-template';
import { LanguageBadge, VisibilityBadge } from './template-badges';
import { TemplatePreview } from './template-preview';
import { initialFormValues, type FormValues, type TemplateDto } from './template-types';
import { UseTemplateForm } from './use-template-form';
import { useTemplatePreview } from './use-template-preview';

function Actions({ template }: { template: TemplateDto }) {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.templates.pathKey() });
  const update = useMutation(trpc.templates.update.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(
    trpc.templates.delete.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        router.push('/templates');
      },
    }),
  );
  if (!template.editable) return null;
  const shared = template.visibility === 'shared';
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        variant="secondary"
        disabled={update.isPending}
        onClick={() => update.mutate({ id: template.id, patch: { visibility: shared ? 'private' : 'shared' } })}
        data-testid="template-share-toggle"
        aria-pressed={shared}
        title={shared ? t('templates.share.sharedHint') : t('templates.share.privateHint')}
      >
        {shared ? t('templates.share.makePrivate') : t('templates.share.share')}
      </Button>
      <Link
        href={`/templates/${template.id}/edit`}
        className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        data-testid="template-edit"
      >
        {t('templates.edit')}
      </Link>
      <Button variant="danger" onClick={() => setConfirming(true)} data-testid="template-delete">
        {t('templates.delete')}
      </Button>
      {update.error && (
        <span role="alert" className="text-xs text-red-600">
          {update.error.message}
        </span>
      )}
      <ConfirmDialog
        open={confirming}
        title={t('templates.delete.title', { name: template.name })}
        confirmLabel={t('templates.delete')}
        cancelLabel={t('common.cancel')}
        variant="danger"
        pending={remove.isPending}
        error={remove.error?.message ?? null}
        onConfirm={() => remove.mutate({ id: template.id })}
        onCancel={() => setConfirming(false)}
      >
        {t('templates.delete.body')}
      </ConfirmDialog>
    </div>
  );
}

function Detail(props: { template: TemplateDto }) {
  const t = useT();
  const template = useLocalizedTemplate(props.template);
  const canUse = useCan('script.write');
  const [values, setValues] = useState<FormValues>(() => initialFormValues(template.parameters));
  const source = useMemo(() => ({ id: template.id }), [template.id]);
  const preview = useTemplatePreview(source, values);
  return (
    <div className="space-y-4" data-testid="template-detail" data-template-id={template.id}>
      <div className="flex flex-wrap items-start gap-3">
        <div className="min-w-0 flex-1 space-y-1">
          <Link href="/templates" className="text-sm text-slate-500 hover:text-blue-700 dark:hover:text-blue-400">
            ← {t('nav.templates')}
          </Link>
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-xl font-semibold" data-testid="template-title">
              {template.name}
            </h1>
            <VisibilityBadge visibility={template.visibility} />
            <LanguageBadge language={template.language} />
            <span className="font-mono text-xs text-slate-500" data-testid="template-version">
              v{template.version}
            </span>
          </div>
          {template.description && (
            <p className="max-w-3xl whitespace-pre-line text-sm text-slate-600 dark:text-slate-400">
              {template.description}
            </p>
          )}
          <p className="text-xs text-slate-500">
            {[
              template.category,
              t('templates.usedTimes', { n: template.usage_count }),
              template.needs_network ? t('templates.needsNetwork') : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </div>
        <Actions template={template} />
      </div>
      <div className="grid gap-4 lg:grid-cols-[minmax(320px,420px)_minmax(0,1fr)]">
        {canUse ? (
          <UseTemplateForm
            template={template}
            values={values}
            onValue={(name, value) => setValues((v) => ({ ...v, [name]: value }))}
          />
        ) : (
          <p className="text-sm text-slate-500">{t('templates.use.noPermission')}</p>
        )}
        <TemplatePreview result={preview.result} error={preview.error} pending={preview.pending} />
      </div>
    </div>
  );
}

export function TemplateDetail({ id }: { id: string }) {
  const t = useT();
  const trpc = useTRPC();
  const template = useQuery(trpc.templates.get.queryOptions({ id }));
  if (template.error) {
    return (
      <div className="space-y-2">
        <p role="alert" className="text-sm text-red-600">
          {template.error.message}
        </p>
        <Link href="/templates" className="text-sm text-blue-700 hover:underline dark:text-blue-400">
          ← {t('nav.templates')}
        </Link>
      </div>
    );
  }
  if (!template.data) return <p className="text-sm text-slate-500">{t('common.loading')}</p>;
  return <Detail key={`${template.data.id}:${template.data.version}`} template={template.data} />;
}
