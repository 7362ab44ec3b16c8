'use client';
import { useEffect, useRef, type ReactNode } from 'react';
import { Button } from './button';

/**
 * A modal question built on <dialog>: focus trapping and Escape come from the browser. Used
 * instead of window.confirm where the action deserves an explanation and a visible pending state.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm(): void;
  onCancel(): void;
  pending?: boolean;
  error?: string | null;
  variant?: 'primary' | 'danger';
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);

  return (
    <dialog
      ref={ref}
      onCancel={(e) => {
        e.preventDefault(); // the parent owns `open`; Escape asks it to close
        props.onCancel();
      }}
      className="m-auto w-full max-w-md rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      data-testid="confirm-dialog"
    >
      {props.open && (
        <div className="space-y-3 p-5">
          <h2 className="text-base font-semibold">{props.title}</h2>
          {props.children && <div className="text-sm text-slate-600 dark:text-slate-300">{props.children}</div>}
          {props.error && (
            <p role="alert" className="text-sm text-red-600">
              {props.error}
            </p>
          )}
          <div className="flex justify-end gap-2 pt-2">
            <Button variant="secondary" onClick={props.onCancel} data-testid="confirm-cancel">
              {props.cancelLabel}
            </Button>
            <Button
              variant={props.variant ?? 'primary'}
              disabled={props.pending}
              onClick={props.onConfirm}
              data-testid="confirm-ok"
            >
              {props.confirmLabel}
            </Button>
          </div>
        </div>
      )}
    </dialog>
  );
}
