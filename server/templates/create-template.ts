import { db, type DbOrTx } from '@/db/client';
import { scriptTemplates } from '@/db/schema';
import { actorUserId, type Actor, type RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError, isUniqueViolation } from '@/server/errors/app-error';
import { assertValidTemplate } from './template-checks';
import { toTemplateDto } from './template-dto';
import { createTemplateInput, type CreateTemplateInput, type TemplateDto } from './templates.schema';
import { coded } from '@/server/messages/messages.shared';

export async function createTemplate(opts: {
  actor: Actor;
  input: CreateTemplateInput;
  meta?: RequestMeta;
  summary?: string;
}): Promise<TemplateDto> {
  assertCan(opts.actor, 'template.write');
  const parsed = createTemplateInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const input = parsed.data;
  assertValidTemplate(input);
  return insertTemplate(opts.actor, input, opts.meta, opts.summary);
}

export async function insertTemplate(
  actor: Actor,
  input: ReturnType<typeof createTemplateInput.parse>,
  meta?: RequestMeta,
  summary?: string,
  tx: DbOrTx = db(),
): Promise<TemplateDto> {
  try {
    const [row] = await tx
      .insert(scriptTemplates)
      .values({
        name: input.name,
        description: input.description,
        category: input.category,
        language: input.language,
        content: input.content,
        parameters: input.parameters,
        visibility: input.visibility,
        needsNetwork: input.needs_network,
        ownerId: actorUserId(actor),
      })
      .returning();
    await writeAudit(
      {
        actor,
        action: 'template.create',
        entityType: 'template',
        entityId: row!.id,
        summary:
          summary ??
          coded('audit.template_created', {
            visibility_code: `visibility.${input.visibility}`,
            language: input.language,
            name: input.name,
          }),
        meta,
      },
      tx,
    );
    return toTemplateDto(row!, true);
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name);
    throw err;
  }
}

export const nameTaken = (name: string) =>
  new AppError('CONFLICT', `a template named "${name}" already exists`, {
    details: [{ field: 'name', message: 'already exists' }],
  });
