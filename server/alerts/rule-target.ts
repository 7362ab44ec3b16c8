import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { alertChannels, scripts, workflows } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { roleOf } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import type { AlertTarget } from './alerts.schema';
import { mayManageRule } from './rule-dto';

/** Refuses a rule the caller may not manage, one whose script or workflow does not exist, or unknown channels. */
export async function assertRuleAllowed(
  tx: DbOrTx,
  actor: Actor,
  target: AlertTarget,
  channelIds: string[],
  field = '',
): Promise<void> {
  const f = (name: string) => (field ? `${field}.${name}` : name);
  if (!mayManageRule(actor, target)) {
    const what =
      target.type === 'script' ? 'scripts' : target.type === 'workflow' ? 'workflows' : 'scripts and workflows';
    throw new AppError('FORBIDDEN', `role ${roleOf(actor)} may not manage alert rules for ${what}`);
  }
  if (target.type === 'script') {
    const [s] = await tx
      .select({ id: scripts.id })
      .from(scripts)
      .where(and(eq(scripts.id, target.id), isNull(scripts.deletedAt)))
      .limit(1);
    if (!s)
      throw new AppError('VALIDATION_ERROR', `${f('target.id')}: script ${target.id} not found`, {
        details: [{ field: f('target.id'), message: 'no such script' }],
      });
  }
  if (target.type === 'workflow') {
    const [w] = await tx
      .select({ id: workflows.id })
      .from(workflows)
      .where(and(eq(workflows.id, target.id), isNull(workflows.deletedAt)))
      .limit(1);
    if (!w)
      throw new AppError('VALIDATION_ERROR', `${f('target.id')}: workflow ${target.id} not found`, {
        details: [{ field: f('target.id'), message: 'no such workflow' }],
      });
  }
  if (channelIds.length) {
    const found = await tx
      .select({ id: alertChannels.id })
      .from(alertChannels)
      .where(inArray(alertChannels.id, channelIds));
    const unknown = channelIds.filter((id) => !found.some((c) => c.id === id));
    if (unknown.length) {
      throw new AppError('VALIDATION_ERROR', `${f('channel_ids')}: no such channel ${unknown.join(', ')}`, {
        details: [{ field: f('channel_ids'), message: `no such channel: ${unknown.join(', ')}` }],
      });
    }
  }
}

export const targetColumns = (t: AlertTarget) => ({
  targetType: t.type,
  targetId: t.type === 'script' || t.type === 'workflow' ? t.id : null,
  targetTag: t.type === 'tag' ? t.tag : null,
});
