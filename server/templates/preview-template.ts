import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { renderTemplate } from './render-template';
import { getVisibleTemplateRow } from './template-access';
import {
  previewTemplateInput,
  type PreviewDto,
  type PreviewTemplateInput,
  type TemplateParameter,
} from './templates.schema';

/**
 * Renders a saved template (by id) or an unsaved one (draft) with the given values. Problems are
 * answered as `issues`, not errors, so a form can show them while the user types.
 */
export async function previewTemplate(opts: { actor: Actor; input: PreviewTemplateInput }): Promise<PreviewDto> {
  assertCan(opts.actor, 'template.read');
  const parsed = previewTemplateInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { id, draft, values } = parsed.data;
  let source;
  if (draft) source = draft;
  else if (id) {
    const row = await getVisibleTemplateRow(opts.actor, id);
    source = { language: row.language, content: row.content, parameters: row.parameters as TemplateParameter[] };
  } else {
    throw new AppError('VALIDATION_ERROR', 'id: give a template id or a draft', {
      details: [{ field: 'id', message: 'give a template id or a draft' }],
    });
  }
  const rendered = renderTemplate(source, values);
  return { content: rendered.content, secrets: rendered.secrets, issues: rendered.issues };
}
