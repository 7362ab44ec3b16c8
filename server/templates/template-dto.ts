import type { scriptTemplates } from '@/db/schema';
import { BUILTIN_CATEGORY_NAMES, BUILTIN_TEXTS_ZH } from './builtin/builtin-texts.shared';
import type { TemplateDto, TemplateParameter } from './templates.schema';

export type TemplateRow = typeof scriptTemplates.$inferSelect;

export function toTemplateDto(row: TemplateRow, editable: boolean): TemplateDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    category: row.category,
    language: row.language,
    content: row.content,
    parameters: row.parameters as TemplateParameter[],
    visibility: row.visibility,
    version: row.version,
    needs_network: row.needsNetwork,
    builtin_key: row.builtinKey,
    translations: builtinTranslations(row),
    usage_count: row.usageCount,
    owner_id: row.ownerId,
    editable,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** The English texts are the row's own; the Chinese ones ship with the product (builtin-texts.shared.ts). */
function builtinTranslations(row: TemplateRow): TemplateDto['translations'] {
  const zh = row.builtinKey ? BUILTIN_TEXTS_ZH[row.builtinKey] : undefined;
  if (!zh) return null;
  const params = row.parameters as TemplateParameter[];
  const category = BUILTIN_CATEGORY_NAMES[row.category];
  return {
    en: {
      name: row.name,
      description: row.description,
      category: category?.en ?? row.category,
      parameters: Object.fromEntries(
        params.map((p) => [p.name, { label: p.label ?? p.name, description: p.description ?? '' }]),
      ),
    },
    'zh-CN': { ...zh, category: category?.zh ?? row.category },
  };
}
