'use client';
import type { ReactNode } from 'react';
import { serverProblem } from '@/components/scripts/server-problem';
import { ConfirmDialog } from './confirm-dialog';

/** The delete mutation of a list: what the question needs of it. */
interface DeleteMutation {
  isPending: boolean;
  error: unknown;
  mutate(input: { id: string }): void;
  reset(): void;
}

/**
 * "Delete <name>?" for an item of a list: open while `target` is set, the server's refusal shown in
 * the dialog, a cancel that forgets it. The caller's mutation closes it on success.
 */
export function ConfirmDelete(props: {
  target: { id: string; name: string } | null;
  onClose(): void;
  remove: DeleteMutation;
  title: string;
  confirmLabel: string;
  cancelLabel: string;
  children: ReactNode;
}) {
  const { target, remove } = props;
  return (
    <ConfirmDialog
      open={target !== null}
      title={props.title}
      confirmLabel={props.confirmLabel}
      cancelLabel={props.cancelLabel}
      variant="danger"
      pending={remove.isPending}
      error={serverProblem(remove.error)?.message ?? null}
      onConfirm={() => target && remove.mutate({ id: target.id })}
      onCancel={() => {
        props.onClose();
        remove.reset();
      }}
    >
      {props.children}
    </ConfirmDialog>
  );
}
