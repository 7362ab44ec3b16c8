import { createHash } from 'node:crypto';
import { and, eq, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { scriptTemplates } from '@/db/schema';
import { systemActor } from '@/server/auth/actor';
import { writeAudit } from '@/server/audit/write-audit';
import { logger } from '@/server/log/logger';
import { builtinTemplates, type BuiltinTemplate } from './builtin';
import { assertValidTemplate, canonicalJson, sameDefinition } from './template-checks';
import { templateParameters, type TemplateParameter } from './templates.schema';
import { coded } from '@/server/messages/messages.shared';

export interface SeedReport {
  created: string[];
  updated: string[];
  retired: string[];
  unchanged: number;
}

function normalize(def: BuiltinTemplate) {
  const parameters: TemplateParameter[] = templateParameters.parse(def.parameters);
  const source = { language: def.language, content: def.content, parameters };
  assertValidTemplate(source); // a broken built-in is a bug: fail start-up loudly
  const fields = {
    name: def.name,
    description: def.description,
    category: def.category,
    needs_network: def.needs_network,
    ...source,
  };
  return { ...fields, hash: createHash('sha256').update(canonicalJson(fields)).digest('hex') };
}

/** The name, or "name (built-in)" / "name (built-in 2)" when a user template already has it. */
async function freeName(tx: DbOrTx, name: string, exceptId: string | null): Promise<string> {
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? name : `${name} (built-in${i === 2 ? '' : ` ${i - 1}`})`;
    const where = [isNull(scriptTemplates.deletedAt), eq(sql`lower(${scriptTemplates.name})`, candidate.toLowerCase())];
    if (exceptId) where.push(ne(scriptTemplates.id, exceptId));
    const [clash] = await tx
      .select({ id: scriptTemplates.id })
      .from(scriptTemplates)
      .where(and(...where))
      .limit(1);
    if (!clash) return candidate;
  }
}

/**
 * Makes the built-in templates in the database match `defs`: inserts new ones, rewrites those whose
 * definition hash changed (bumping the version when content or parameters changed), restores and
 * retires by key. User templates are never touched. Idempotent and safe to run from several
 * processes at once (one transaction under an advisory lock).
 */
export async function seedBuiltinTemplates(defs: readonly BuiltinTemplate[] = builtinTemplates): Promise<SeedReport> {
  const wanted = new Map(defs.map((d) => [d.key, normalize(d)]));
  const report: SeedReport = { created: [], updated: [], retired: [], unchanged: 0 };
  const actor = systemActor('builtin-templates');
  await db().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('vss:seed-builtin-templates'))`);
    const rows = await tx.select().from(scriptTemplates).where(isNotNull(scriptTemplates.builtinKey));
    const byKey = new Map(rows.map((r) => [r.builtinKey!, r]));
    for (const [key, def] of wanted) {
      const row = byKey.get(key);
      const values = {
        description: def.description,
        category: def.category,
        language: def.language,
        content: def.content,
        parameters: def.parameters,
        needsNetwork: def.needs_network,
        visibility: 'builtin' as const,
        ownerId: null,
        builtinHash: def.hash,
      };
      if (!row) {
        const [created] = await tx
          .insert(scriptTemplates)
          .values({ ...values, name: await freeName(tx, def.name, null), builtinKey: key })
          .returning();
        await writeAudit(
          {
            actor,
            action: 'template.create',
            entityType: 'template',
            entityId: created!.id,
            summary: coded('audit.builtin_installed', { key }),
          },
          tx,
        );
        report.created.push(key);
        continue;
      }
      if (row.builtinHash === def.hash && row.deletedAt === null) {
        report.unchanged++;
        continue;
      }
      const definitionChanged = !sameDefinition(
        { language: row.language, content: row.content, parameters: row.parameters as TemplateParameter[] },
        def,
      );
      await tx
        .update(scriptTemplates)
        .set({
          ...values,
          name: await freeName(tx, def.name, row.id),
          version: definitionChanged ? row.version + 1 : row.version,
          deletedAt: null,
          updatedAt: sql`now()`,
        })
        .where(eq(scriptTemplates.id, row.id));
      await writeAudit(
        {
          actor,
          action: 'template.update',
          entityType: 'template',
          entityId: row.id,
          summary: definitionChanged
            ? coded('audit.builtin_upgraded_to', { key, version: row.version + 1 })
            : coded('audit.builtin_upgraded', { key }),
        },
        tx,
      );
      report.updated.push(key);
    }
    for (const row of rows) {
      if (wanted.has(row.builtinKey!) || row.deletedAt !== null) continue;
      await tx
        .update(scriptTemplates)
        .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
        .where(eq(scriptTemplates.id, row.id));
      await writeAudit(
        {
          actor,
          action: 'template.delete',
          entityType: 'template',
          entityId: row.id,
          summary: coded('audit.builtin_retired', { key: row.builtinKey ?? '' }),
        },
        tx,
      );
      report.retired.push(row.builtinKey!);
    }
  });
  if (report.created.length || report.updated.length || report.retired.length)
    logger().info(report, 'built-in templates seeded');
  return report;
}
