import type { scriptTemplates } from '@/db/schema';
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
    usage_count: row.usageCount,
    owner_id: row.ownerId,
    editable,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
