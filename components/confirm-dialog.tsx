'use client';

import type { ActionError } from '@/lib/actions/result';
import { Button } from './ui/button';
import { Dialog } from './ui/dialog';
import { ErrorNotice } from './ui/states';

/**
 * Confirmation before something destructive: the confirming button repeats the action's
 * name; Cancel or Escape backs out; a refusal shows inside the dialog.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  description: string;
  confirmLabel: string;
  pending: boolean;
  error?: ActionError;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog
      open={props.open}
      onOpenChange={(o) => !o && props.onCancel()}
      title={props.title}
      description={props.description}
    >
      {props.error && (
        <ErrorNotice message={props.error.message} action={props.error.action} requestId={props.error.requestId} />
      )}
      <div className="mt-3 flex justify-end gap-2">
        <Button variant="secondary" onClick={props.onCancel}>
          Cancel
        </Button>
        <Button variant="danger" disabled={props.pending} onClick={props.onConfirm}>
          {props.confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
