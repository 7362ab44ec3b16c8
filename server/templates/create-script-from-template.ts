import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { hostResources, scriptTemplates } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import { isSandboxPrivatePath, matchHostResource } from '@/server/host-resources/match-host-resource';
import { createScript } from '@/server/scripts/create-script';
import type { ScriptDto } from '@/server/scripts/scripts.schema';
import { renderTemplate, secretsDescription, withSecretsNote } from './render-template';
import { getVisibleTemplateRow } from './template-access';
import { instantiateTemplateInput, type InstantiateTemplateInput, type TemplateParameter } from './templates.schema';
import { coded } from '@/server/messages/messages.shared';

export interface InstantiateResult {
  script: ScriptDto;
  /** Environment variables to provide as `{{secret:NAME}}` when running it. */
  secrets: string[];
}

/**
 * "Use template": checks the values against the parameter list, renders, and creates a draft
 * script that remembers the template and version it came from.
 */
export async function createScriptFromTemplate(opts: {
  actor: Actor;
  input: InstantiateTemplateInput;
  meta?: RequestMeta;
}): Promise<InstantiateResult> {
  assertCan(opts.actor, 'template.read');
  assertCan(opts.actor, 'script.write');
  const parsed = instantiateTemplateInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const input = parsed.data;
  const template = await getVisibleTemplateRow(opts.actor, input.id);
  const rendered = renderTemplate(
    { language: template.language, content: template.content, parameters: template.parameters as TemplateParameter[] },
    input.values,
  );
  const first = rendered.issues[0];
  if (first) {
    // Template problems (content.*) cannot be fixed by the caller; they are a conflict with its state.
    const code = rendered.issues.some((i) => i.field.startsWith('values')) ? 'VALIDATION_ERROR' : 'UNPROCESSABLE';
    throw new AppError(code, `${first.field}: ${first.message}`, {
      details: rendered.issues.map(({ field, message }) => ({ field, message })),
    });
  }
  const hostResourceNames = await hostResourcesFor(template.parameters as TemplateParameter[], input.values);
  const description = [input.description ?? template.description, secretsDescription(rendered.secrets)]
    .filter(Boolean)
    .join('\n\n');
  const script = await createScript({
    actor: opts.actor,
    meta: opts.meta,
    origin: { templateId: template.id, templateVersion: template.version },
    input: {
      name: input.name,
      description: description.slice(0, 5000),
      category: input.category ?? template.category,
      tags: input.tags ?? [],
      language: template.language,
      status: 'draft',
      content: withSecretsNote(rendered.content, rendered.secrets, template.name),
      allow_network: input.allow_network ?? template.needsNetwork,
      timeout: input.timeout,
      message: `from template "${template.name}" v${template.version}`.slice(0, 500),
      host_resources: hostResourceNames,
    },
  });
  await db()
    .update(scriptTemplates)
    .set({ usageCount: sql`${scriptTemplates.usageCount} + 1` })
    .where(eq(scriptTemplates.id, template.id));
  await writeAudit({
    actor: opts.actor,
    action: 'template.instantiate',
    entityType: 'template',
    entityId: template.id,
    summary: coded('audit.script_from_template', { name: script.name, id: script.id, version: template.version }),
    meta: opts.meta,
  });
  return { script, secrets: rendered.secrets };
}

/**
 * The host resources the new script needs: one per parameter that names a host path (parameters
 * with `host_resource`), matched against the defined resources. None matching is refused here, with
 * the parameter named, rather than left to fail at run time; granting it is then createScript's
 * check (FORBIDDEN for someone who may not grant it).
 */
async function hostResourcesFor(parameters: TemplateParameter[], values: Record<string, unknown>): Promise<string[]> {
  const needs = parameters.filter((p) => p.host_resource && typeof (values[p.name] ?? p.default) === 'string');
  if (!needs.length) return [];
  const resources = await db().select().from(hostResources);
  const names = new Set<string>();
  for (const p of needs) {
    const value = String(values[p.name] ?? p.default);
    if (isSandboxPrivatePath(value)) continue;
    const need = p.host_resource!;
    const match = matchHostResource(value, need, resources);
    if (!match) {
      const message = `no ${need.mode} host resource covers the ${need.kind} ${value}: scripts see host paths only through granted host resources; an administrator must define one (Settings → Host resources) for it`;
      throw new AppError('VALIDATION_ERROR', `values.${p.name}: ${message}`, {
        details: [{ field: `values.${p.name}`, message }],
      });
    }
    names.add(match.name);
  }
  return [...names];
}
