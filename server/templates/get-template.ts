import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { editableBy, getVisibleTemplateRow } from './template-access';
import { toTemplateDto } from './template-dto';
import type { TemplateDto } from './templates.schema';

export async function getTemplate(opts: { actor: Actor; id: string }): Promise<TemplateDto> {
  assertCan(opts.actor, 'template.read');
  const row = await getVisibleTemplateRow(opts.actor, opts.id);
  return toTemplateDto(row, editableBy(opts.actor, row));
}
