'use client';
import { useMemo } from 'react';
import { useUiPrefs } from '@/components/i18n/i18n-provider';
import type { Locale } from '@/components/i18n/locale';
import { BUILTIN_CATEGORY_NAMES } from '@/server/templates/builtin/builtin-texts.shared';
import type { TemplateDto } from './template-types';

const TEXTS_LOCALE: Record<Locale, string> = { en: 'en', zh: 'zh-CN' };

/** A built-in template with its name, description, category and parameter texts in `locale`; others unchanged. */
export function localizeTemplate<T extends TemplateDto>(template: T, locale: Locale): T {
  const texts = template.translations?.[TEXTS_LOCALE[locale]];
  if (!texts) return template;
  return {
    ...template,
    name: texts.name,
    description: texts.description,
    category: texts.category,
    parameters: template.parameters.map((p) => {
      const own = texts.parameters[p.name];
      return own ? { ...p, label: own.label, description: own.description } : p;
    }),
  };
}

export function useLocalizedTemplate<T extends TemplateDto>(template: T): T {
  const { locale } = useUiPrefs();
  return useMemo(() => localizeTemplate(template, locale), [template, locale]);
}

/** Built-in categories have names in both languages; a category someone typed is shown as typed. */
export function categoryName(category: string, locale: Locale): string {
  return BUILTIN_CATEGORY_NAMES[category]?.[locale] ?? category;
}
