'use client';
import { useT } from '@/components/i18n/i18n-provider';
import type { PreviewResult } from './template-types';

/** The rendered script, read-only, with the problems the server found. */
export function TemplatePreview(props: {
  result: PreviewResult | null;
  error: string | null;
  pending: boolean;
  hideMissingValues?: boolean;
}) {
  const t = useT();
  const { result } = props;
  // In the template editor there are no values yet: a required parameter without a default is expected.
  const issues = (result?.issues ?? []).filter(
    (i) => !(props.hideMissingValues && i.field.startsWith('values.') && i.message === 'is required'),
  );
  return (
    <section className="flex min-h-0 min-w-0 flex-col gap-2" data-testid="template-preview-panel">
      <div className="flex items-center gap-2">
        <h2 className="text-sm font-semibold text-slate-700 dark:text-slate-300">{t('templates.preview.title')}</h2>
        <span className="text-xs text-slate-400" data-testid="template-preview-state">
          {props.pending ? t('templates.preview.updating') : ''}
        </span>
      </div>
      {props.error && (
        <p role="alert" className="text-xs text-red-600">
          {props.error}
        </p>
      )}
      {issues.length > 0 && (
        <ul
          className="space-y-0.5 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-800 dark:border-amber-900 dark:bg-amber-950/60 dark:text-amber-300"
          data-testid="template-preview-issues"
        >
          {issues.map((i, n) => (
            <li key={n}>
              <code className="font-mono">{i.field.replace(/^values\./, '')}</code>: {i.message}
            </li>
          ))}
        </ul>
      )}
      {result && result.secrets.length > 0 && (
        <p
          className="rounded-md bg-blue-50 px-3 py-2 text-xs text-blue-800 dark:bg-blue-950/60 dark:text-blue-300"
          data-testid="template-preview-secrets"
        >
          {t('templates.preview.secrets')} {result.secrets.map((s) => `${s}={{secret:${s}}}`).join(', ')}
        </p>
      )}
      <pre
        className="min-h-40 flex-1 overflow-auto rounded-lg border border-slate-200 bg-slate-50 p-3 font-mono text-xs leading-relaxed text-slate-800 dark:border-slate-800 dark:bg-slate-950 dark:text-slate-200"
        data-testid="template-preview"
      >
        {result?.content ?? t('common.loading')}
      </pre>
    </section>
  );
}
