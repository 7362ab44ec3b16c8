'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useT, useUiPrefs } from '@/components/i18n/i18n-provider';
import { useCan } from '@/components/shell/permissions';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Input, Select } from '@/components/ui/field';
import { categoryName, useLocalizedTemplate } from './localize-template';
import { LanguageBadge, VisibilityBadge } from './template-badges';
import {
  TEMPLATE_LANGUAGES,
  TEMPLATE_SCOPES,
  type TemplateDto,
  type TemplateLanguage,
  type TemplateScope,
} from './template-types';

const SEARCH_DEBOUNCE_MS = 300;

function TemplateCard(props: { template: TemplateDto }) {
  const t = useT();
  const template = useLocalizedTemplate(props.template);
  return (
    <Link
      href={`/templates/${template.id}`}
      className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm transition-colors hover:border-blue-400 dark:border-slate-800 dark:bg-slate-900 dark:hover:border-blue-600"
      data-testid="template-card"
      data-template-id={template.id}
      data-builtin-key={template.builtin_key ?? undefined}
    >
      <div className="flex items-start justify-between gap-2">
        <h2 className="text-sm font-semibold text-slate-900 dark:text-slate-100">{template.name}</h2>
        <VisibilityBadge visibility={template.visibility} />
      </div>
      <p className="line-clamp-3 text-xs text-slate-600 dark:text-slate-400">
        {template.description || t('templates.noDescription')}
      </p>
      <div className="mt-auto flex flex-wrap items-center gap-2 pt-1 text-xs text-slate-500">
        <LanguageBadge language={template.language} />
        {template.category && (
          <span className="rounded bg-slate-100 px-1.5 py-0.5 dark:bg-slate-800">{template.category}</span>
        )}
        {template.needs_network && <span title={t('templates.needsNetworkHint')}>{t('templates.needsNetwork')}</span>}
        <span className="ml-auto">{t('templates.usedTimes', { n: template.usage_count })}</span>
      </div>
    </Link>
  );
}

/** The template gallery: search and filters on top, cards below. */
export function TemplatesGallery() {
  const t = useT();
  const { locale } = useUiPrefs();
  const trpc = useTRPC();
  const canWrite = useCan('template.write');
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  const [category, setCategory] = useState('');
  const [language, setLanguage] = useState<TemplateLanguage | ''>('');
  const [scope, setScope] = useState<TemplateScope>('all');

  useEffect(() => {
    const timer = setTimeout(() => setDebounced(search.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search]);

  const input = {
    search: debounced || undefined,
    category: category || undefined,
    language: language || undefined,
    scope,
    page_size: 200,
  };
  const list = useQuery({ ...trpc.templates.list.queryOptions(input), placeholderData: keepPreviousData });
  const categories = useQuery(trpc.templates.categories.queryOptions());
  const items = list.data?.items ?? [];
  const filtered = Boolean(debounced || category || language || scope !== 'all');

  return (
    <div className="space-y-4" data-testid="templates-gallery">
      <div className="flex items-center justify-between">
        <div>
          <h1 className="text-xl font-semibold">{t('nav.templates')}</h1>
          <p className="text-sm text-slate-500">{t('templates.gallery.intro')}</p>
        </div>
        {canWrite && (
          <Link
            href="/templates/new"
            className="rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700"
            data-testid="new-template"
          >
            {t('templates.new')}
          </Link>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-2" data-testid="templates-filters">
        <div className="w-72">
          <Input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder={t('templates.gallery.searchPlaceholder')}
            aria-label={t('templates.gallery.search')}
            data-testid="templates-search"
          />
        </div>
        <div
          role="group"
          aria-label={t('templates.gallery.scope')}
          className="inline-flex overflow-hidden rounded-md border border-slate-300 dark:border-slate-700"
        >
          {TEMPLATE_SCOPES.map((s) => (
            <button
              key={s}
              type="button"
              onClick={() => setScope(s)}
              aria-pressed={scope === s}
              className={`px-3 py-1.5 text-sm ${scope === s ? 'bg-blue-600 text-white' : 'bg-white text-slate-700 hover:bg-slate-100 dark:bg-slate-900 dark:text-slate-300 dark:hover:bg-slate-800'}`}
              data-testid={`templates-scope-${s}`}
            >
              {t(`templates.scope.${s}`)}
            </button>
          ))}
        </div>
        <div className="w-44">
          <Select
            value={language}
            onChange={(e) => setLanguage(e.target.value as TemplateLanguage | '')}
            aria-label={t('templates.field.language')}
            data-testid="templates-filter-language"
          >
            <option value="">{t('templates.gallery.allLanguages')}</option>
            {TEMPLATE_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`scripts.language.${l}`)}
              </option>
            ))}
          </Select>
        </div>
        <div className="w-44">
          <Select
            value={category}
            onChange={(e) => setCategory(e.target.value)}
            aria-label={t('templates.field.category')}
            data-testid="templates-filter-category"
          >
            <option value="">{t('templates.gallery.allCategories')}</option>
            {(categories.data?.categories ?? []).map((c) => (
              <option key={c} value={c}>
                {categoryName(c, locale)}
              </option>
            ))}
          </Select>
        </div>
      </div>
      {list.error ? (
        <p role="alert" className="text-sm text-red-600">
          {list.error.message}
        </p>
      ) : !list.data ? (
        <p className="text-sm text-slate-500">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p
          className="rounded-lg border border-dashed border-slate-300 p-6 text-sm text-slate-500 dark:border-slate-700"
          data-testid="templates-empty"
        >
          {filtered ? t('templates.gallery.noMatch') : t('templates.gallery.empty')}
        </p>
      ) : (
        <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3" data-testid="templates-grid">
          {items.map((tpl) => (
            <TemplateCard key={tpl.id} template={tpl} />
          ))}
        </div>
      )}
    </div>
  );
}
