'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useT } from '@/components/i18n/i18n-provider';
import { useCan } from '@/components/shell/permissions';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { isFinalStatus, type ExecutionDetail } from './execution-types';

/** Re-run (same inputs, current script version) and Cancel, each shown only to those allowed. */
export function ExecutionActions({ execution }: { execution: ExecutionDetail }) {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const canRun = useCan('script.run');
  const canCancel = useCan('execution.cancel');
  const rerun = useMutation(trpc.executions.rerun.mutationOptions({ onSuccess: (next) => router.push(`/executions/${next.id}`) }));
  const cancel = useMutation(trpc.executions.cancel.mutationOptions());
  const final = isFinalStatus(execution.status);
  const error = rerun.error?.message ?? cancel.error?.message;
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex gap-2">
        {!final && canCancel && (
          <Button variant="danger" data-testid="cancel-run" disabled={cancel.isPending} onClick={() => cancel.mutate({ id: execution.id })}>
            {cancel.isPending ? t('executions.action.cancelling') : t('executions.action.cancel')}
          </Button>
        )}
        {canRun && execution.script_id && (
          <Button variant="secondary" data-testid="rerun-button" disabled={rerun.isPending} onClick={() => rerun.mutate({ id: execution.id })}>
            ↻ {rerun.isPending ? t('executions.run.starting') : t('executions.action.rerun')}
          </Button>
        )}
      </div>
      {error && <p role="alert" className="text-xs text-red-600 dark:text-red-400">{error}</p>}
    </div>
  );
}
