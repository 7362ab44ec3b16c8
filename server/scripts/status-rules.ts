import { AppError } from '@/server/errors/app-error';

export type ScriptStatus = 'draft' | 'active' | 'disabled' | 'archived';
export type TriggerType = 'manual' | 'schedule' | 'event' | 'webhook' | 'api' | 'workflow';

/**
 * Only active scripts run unattended (schedules, events, webhooks, workflows); a draft may be run
 * by hand or by API call to test it; disabled and archived scripts never run.
 */
export function canRun(status: ScriptStatus, trigger: TriggerType): boolean {
  switch (status) {
    case 'active':
      return true;
    case 'draft':
      return trigger === 'manual' || trigger === 'api';
    case 'disabled':
    case 'archived':
      return false;
  }
}

/** Workflows follow the same rule, so they share it (`kind` only changes the message). */
export function assertCanRun(
  target: { name: string; status: ScriptStatus },
  trigger: TriggerType,
  kind: 'script' | 'workflow' = 'script',
): void {
  if (!canRun(target.status, trigger)) {
    throw new AppError(
      'CONFLICT',
      target.status === 'draft'
        ? `${kind} "${target.name}" is a draft: only manual and API runs are allowed until it is active`
        : `${kind} "${target.name}" is ${target.status} and cannot run`,
    );
  }
}
