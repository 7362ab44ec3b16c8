import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { scriptTemplates } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError, isUniqueViolation } from '@/server/errors/app-error';
import { nameTaken } from './create-template';
import { assertCanChange, getVisibleTemplateRow } from './template-access';
import { assertValidTemplate, sameDefinition } from './template-checks';
import { toTemplateDto } from './template-dto';
import {
  updateTemplateInput,
  type TemplateDto,
  type TemplateParameter,
  type UpdateTemplateInput,
} from './templates.schema';
import { changedSummary } from '@/server/audit/changed-summary';

/** Changes given fields; a change of content, language or parameters bumps the version. */
export async function updateTemplate(opts: {
  actor: Actor;
  input: UpdateTemplateInput;
  meta?: RequestMeta;
}): Promise<TemplateDto> {
  assertCan(opts.actor, 'template.write');
  const parsed = updateTemplateInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { id, patch } = parsed.data;
  try {
    return await db().transaction(async (tx) => {
      const current = await getVisibleTemplateRow(opts.actor, id, tx, { forUpdate: true });
      assertCanChange(opts.actor, current);
      const before = {
        language: current.language,
        content: current.content,
        parameters: current.parameters as TemplateParameter[],
      };
      const after = {
        language: patch.language ?? before.language,
        content: patch.content ?? before.content,
        parameters: patch.parameters ?? before.parameters,
      };
      assertValidTemplate(after);
      const definitionChanged = !sameDefinition(before, after);
      const [row] = await tx
        .update(scriptTemplates)
        .set({
          name: patch.name,
          description: patch.description,
          category: patch.category,
          language: patch.language,
          content: patch.content,
          parameters: patch.parameters,
          visibility: patch.visibility,
          needsNetwork: patch.needs_network,
          version: definitionChanged ? current.version + 1 : current.version,
          updatedAt: sql`now()`,
        })
        .where(eq(scriptTemplates.id, id))
        .returning();
      const changed = Object.keys(patch);
      await writeAudit(
        {
          actor: opts.actor,
          action: 'template.update',
          entityType: 'template',
          entityId: id,
          summary: changedSummary(changed, definitionChanged ? row!.version : null),
          meta: opts.meta,
        },
        tx,
      );
      return toTemplateDto(row!, true);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(patch.name ?? '');
    throw err;
  }
}
