'use client';
import { useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';

/**
 * Cancel and Re-run behind a question: both act at once on a run that may be doing real work
 * (a cancel kills it, a re-run starts the script again with the same inputs).
 */
export function ConfirmRunAction(props: {
  kind: 'cancel' | 'rerun';
  pending: boolean;
  onConfirm(): void;
  testId: string;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const cancel = props.kind === 'cancel';
  return (
    <>
      <Button
        variant={cancel ? 'danger' : 'secondary'}
        data-testid={props.testId}
        disabled={props.pending}
        onClick={() => setOpen(true)}
      >
        {cancel
          ? props.pending
            ? t('executions.action.cancelling')
            : t('executions.action.cancel')
          : `↻ ${props.pending ? t('executions.run.starting') : t('executions.action.rerun')}`}
      </Button>
      <ConfirmDialog
        open={open}
        title={cancel ? t('executions.confirm.cancelTitle') : t('executions.confirm.rerunTitle')}
        confirmLabel={cancel ? t('executions.action.cancel') : t('executions.action.rerun')}
        cancelLabel={cancel ? t('executions.confirm.keepRunning') : t('executions.confirm.back')}
        variant={cancel ? 'danger' : 'primary'}
        onCancel={() => setOpen(false)}
        onConfirm={() => {
          setOpen(false);
          props.onConfirm();
        }}
      >
        {cancel ? t('executions.confirm.cancelBody') : t('executions.confirm.rerunBody')}
      </ConfirmDialog>
    </>
  );
}
