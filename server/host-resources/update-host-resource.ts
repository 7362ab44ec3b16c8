import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { hostResources } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import { getHostResourceRow } from './get-host-resource';
import { toHostResourceDtos } from './host-resource-dto';
import { updateHostResourceInput, type HostResourceDto, type UpdateHostResourceInput } from './host-resources.schema';
import { coded } from '@/server/messages/messages.shared';

/**
 * Changes a resource's description, mode or who may grant it. A mode change applies to the next
 * run of every script that has it (the audit row says so); name, path and kind never change.
 */
export async function updateHostResource(opts: {
  actor: Actor;
  input: UpdateHostResourceInput;
  meta?: RequestMeta;
}): Promise<HostResourceDto> {
  assertCan(opts.actor, 'hostresource.manage');
  const parsed = updateHostResourceInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { id, patch } = parsed.data;
  return db().transaction(async (tx) => {
    const current = await getHostResourceRow(id, tx, { forUpdate: true });
    if (current.kind === 'device' && patch.mode === 'read-only') {
      throw new AppError('VALIDATION_ERROR', 'patch.mode: a device is bound read-write', {
        details: [{ field: 'patch.mode', message: 'a device is bound read-write' }],
      });
    }
    const [row] = await tx
      .update(hostResources)
      .set({
        description: patch.description,
        mode: patch.mode,
        grantRoles: patch.grant_roles,
        grantUserIds: patch.grant_user_ids,
        updatedAt: sql`now()`,
      })
      .where(eq(hostResources.id, id))
      .returning();
    const changes = [
      patch.mode !== undefined && patch.mode !== current.mode
        ? `mode ${current.mode} → ${patch.mode} (applies to the next run of every script that has it)`
        : null,
      patch.grant_roles !== undefined
        ? `grantable by roles: admin${patch.grant_roles.map((r) => `, ${r}`).join('')}`
        : null,
      patch.grant_user_ids !== undefined ? `grantable by ${patch.grant_user_ids.length} listed user(s)` : null,
      patch.description !== undefined ? 'description' : null,
    ].filter(Boolean);
    await writeAudit(
      {
        actor: opts.actor,
        action: 'host_resource.update',
        entityType: 'host_resource',
        entityId: id,
        meta: opts.meta,
        summary: changes.length
          ? coded('audit.host_resource_updated', { name: current.name, changes: changes.join('; ') })
          : coded('audit.nothing_changed_of', { name: current.name }),
      },
      tx,
    );
    return (await toHostResourceDtos(tx, opts.actor, [row!]))[0]!;
  });
}
