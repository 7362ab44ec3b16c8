import { db } from '@/db/client';
import { hostResources } from '@/db/schema';
import { actorUserId, type Actor, type RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError, isUniqueViolation } from '@/server/errors/app-error';
import { hostPathProblem } from './host-path-policy';
import { toHostResourceDtos } from './host-resource-dto';
import { createHostResourceInput, type CreateHostResourceInput, type HostResourceDto } from './host-resources.schema';
import { protectedDirs } from './protected-dirs';
import { coded } from '@/server/messages/messages.shared';

/**
 * Defines a host resource (admins). The path is judged by the policy here; whether it exists and is
 * of its kind is checked by the worker that binds it (web and workers may be different machines).
 */
export async function createHostResource(opts: {
  actor: Actor;
  input: CreateHostResourceInput;
  meta?: RequestMeta;
}): Promise<HostResourceDto> {
  assertCan(opts.actor, 'hostresource.manage');
  const parsed = createHostResourceInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const input = parsed.data;
  const problem = hostPathProblem(input.path, input.kind, await protectedDirs());
  if (problem)
    throw new AppError('VALIDATION_ERROR', `path: ${problem}`, { details: [{ field: 'path', message: problem }] });
  if (input.kind === 'device' && input.mode === 'read-only') {
    const message = 'a device is bound read-write (its own permissions decide what the script may do with it)';
    throw new AppError('VALIDATION_ERROR', `mode: ${message}`, { details: [{ field: 'mode', message }] });
  }
  try {
    return await db().transaction(async (tx) => {
      const [row] = await tx
        .insert(hostResources)
        .values({
          name: input.name,
          description: input.description,
          path: input.path,
          kind: input.kind,
          mode: input.mode,
          grantRoles: input.grant_roles,
          grantUserIds: input.grant_user_ids,
          createdBy: actorUserId(opts.actor),
        })
        .returning();
      await writeAudit(
        {
          actor: opts.actor,
          action: 'host_resource.create',
          entityType: 'host_resource',
          entityId: row!.id,
          meta: opts.meta,
          summary: coded('audit.host_resource_created', {
            name: input.name,
            kind: input.kind,
            path: input.path,
            mode: input.mode,
            grantors: [
              'admin',
              ...input.grant_roles,
              ...(input.grant_user_ids.length ? [`${input.grant_user_ids.length} user(s)`] : []),
            ].join(', '),
          }),
        },
        tx,
      );
      return (await toHostResourceDtos(tx, opts.actor, [row!]))[0]!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError(
        'CONFLICT',
        `a host resource named "${input.name}" or with path ${input.path} already exists`,
        { details: [{ field: 'name', message: 'name or path already used' }] },
      );
    }
    throw err;
  }
}
