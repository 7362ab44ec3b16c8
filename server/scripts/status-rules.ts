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

export function assertCanRun(script: { name: string; status: ScriptStatus }, trigger: TriggerType): void {
  if (!canRun(script.status, trigger)) {
    throw new AppError(
      'CONFLICT',
      script.status === 'draft'
        ? `script "${script.name}" is a draft: only manual and API runs are allowed until it is active`
        : `script "${script.name}" is ${script.status} and cannot run`,
    );
  }
}
