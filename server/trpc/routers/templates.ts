import { allowed, router } from '../init';
import {
  createTemplateInput,
  instantiateTemplateInput,
  listTemplatesInput,
  previewTemplateInput,
  saveAsTemplateInput,
  templateIdInput,
  updateTemplateInput,
} from '@/server/templates/templates.schema';
import { createScriptFromTemplate } from '@/server/templates/create-script-from-template';
import { createTemplate } from '@/server/templates/create-template';
import { deleteTemplate } from '@/server/templates/delete-template';
import { getTemplate } from '@/server/templates/get-template';
import { listTemplateCategories, listTemplates } from '@/server/templates/list-templates';
import { previewTemplate } from '@/server/templates/preview-template';
import { saveScriptAsTemplate } from '@/server/templates/save-script-as-template';
import { updateTemplate } from '@/server/templates/update-template';

export const templatesRouter = router({
  list: allowed('template.read')
    .input(listTemplatesInput)
    .query(({ ctx, input }) => listTemplates({ actor: ctx.actor, input })),
  categories: allowed('template.read').query(({ ctx }) => listTemplateCategories({ actor: ctx.actor })),
  get: allowed('template.read')
    .input(templateIdInput)
    .query(({ ctx, input }) => getTemplate({ actor: ctx.actor, id: input.id })),
  create: allowed('template.write')
    .input(createTemplateInput)
    .mutation(({ ctx, input }) => createTemplate({ actor: ctx.actor, input, meta: ctx.meta })),
  update: allowed('template.write')
    .input(updateTemplateInput)
    .mutation(({ ctx, input }) => updateTemplate({ actor: ctx.actor, input, meta: ctx.meta })),
  delete: allowed('template.write')
    .input(templateIdInput)
    .mutation(({ ctx, input }) => deleteTemplate({ actor: ctx.actor, id: input.id, meta: ctx.meta })),
  // A mutation only because a draft's content can be too long for a GET URL; it changes nothing.
  preview: allowed('template.read')
    .input(previewTemplateInput)
    .mutation(({ ctx, input }) => previewTemplate({ actor: ctx.actor, input })),
  instantiate: allowed('script.write')
    .input(instantiateTemplateInput)
    .mutation(({ ctx, input }) => createScriptFromTemplate({ actor: ctx.actor, input, meta: ctx.meta })),
  saveFromScript: allowed('template.write')
    .input(saveAsTemplateInput)
    .mutation(({ ctx, input }) => saveScriptAsTemplate({ actor: ctx.actor, input, meta: ctx.meta })),
});

export type TemplatesRouter = typeof templatesRouter;
