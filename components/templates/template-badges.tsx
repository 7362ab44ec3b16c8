'use client';
import { useT } from '@/components/i18n/i18n-provider';
import type { TemplateLanguage, TemplateVisibility } from './template-types';

const badge =
  'inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap';

const visibilityStyle: Record<TemplateVisibility, string> = {
  builtin: 'bg-violet-50 text-violet-700 ring-violet-300 dark:bg-violet-950 dark:text-violet-300 dark:ring-violet-800',
  shared: 'bg-green-50 text-green-700 ring-green-300 dark:bg-green-950 dark:text-green-300 dark:ring-green-800',
  private: 'bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600',
};

export function VisibilityBadge({ visibility }: { visibility: TemplateVisibility }) {
  const t = useT();
  return (
    <span
      className={`${badge} ${visibilityStyle[visibility]}`}
      data-testid="template-visibility"
      data-visibility={visibility}
    >
      {t(`templates.visibility.${visibility}`)}
    </span>
  );
}

export function LanguageBadge({ language }: { language: TemplateLanguage }) {
  const t = useT();
  return (
    <span
      className={`${badge} bg-blue-50 font-mono text-blue-700 ring-blue-200 dark:bg-blue-950 dark:text-blue-300 dark:ring-blue-900`}
    >
      {t(`scripts.language.${language}`)}
    </span>
  );
}
