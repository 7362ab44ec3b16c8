'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useCan } from '@/components/shell/permissions';
import { useTRPC } from '@/components/trpc/trpc-client';
import { ConfirmRunAction } from './confirm-run-action';
import { isFinalStatus, type ExecutionDetail } from './execution-types';

/** Re-run (same inputs, current script version) and Cancel, each shown only to those allowed. */
export function ExecutionActions({ execution }: { execution: ExecutionDetail }) {
  const trpc = useTRPC();
  const router = useRouter();
  const canRun = useCan('script.run');
  const canCancel = useCan('execution.cancel');
  const rerun = useMutation(
    trpc.executions.rerun.mutationOptions({ onSuccess: (next) => router.push(`/executions/${next.id}`) }),
  );
  const cancel = useMutation(trpc.executions.cancel.mutationOptions());
  const final = isFinalStatus(execution.status);
  const error = rerun.error?.message ?? cancel.error?.message;
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex gap-2">
        {!final && canCancel && (
          <ConfirmRunAction
            kind="cancel"
            testId="cancel-run"
            pending={cancel.isPending}
            onConfirm={() => cancel.mutate({ id: execution.id })}
          />
        )}
        {canRun && execution.script_id && (
          <ConfirmRunAction
            kind="rerun"
            testId="rerun-button"
            pending={rerun.isPending}
            onConfirm={() => rerun.mutate({ id: execution.id })}
          />
        )}
      </div>
      {error && (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
